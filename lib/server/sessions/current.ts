import 'server-only';
import { AppError } from '@/lib/server/errors';
import { sessionTokenFromCookies } from '@/lib/server/sessions/cookie';
import { validateSession } from '@/lib/server/sessions/sessions';
import type { RequestMeta, ValidSession } from '@/lib/server/context/types';

type CookieGetter = (name: string) => string | undefined;

/** The one path from a request's cookies to a checked session row (routes, pages, the invite page). */
export async function sessionFromCookies(
  get: CookieGetter,
  meta: RequestMeta,
  activity: boolean,
): Promise<ValidSession> {
  return validateSession(await sessionTokenFromCookies(get), meta, activity);
}

/** The signed-in session if there is a valid one, else null (public pages that adapt to a signed-in visitor). */
export async function optionalSessionFromCookies(
  get: CookieGetter,
  meta: RequestMeta,
  activity: boolean,
): Promise<ValidSession | null> {
  try {
    return await sessionFromCookies(get, meta, activity);
  } catch (e) {
    if (e instanceof AppError && e.status === 401) return null;
    throw e;
  }
}
