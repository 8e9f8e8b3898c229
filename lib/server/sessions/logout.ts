import 'server-only';
import { getDb } from '@/lib/server/db';
import type { RequestMeta } from '@/lib/server/platform/request-meta';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { revokeSession } from '@/lib/server/sessions/sessions';
import { clearSessionCookieHeaders, sessionTokenFromCookies } from '@/lib/server/sessions/cookie';

export async function revokeSessionByToken(
  token: string,
  reason: 'signed_out' | 'idle',
  meta: RequestMeta,
): Promise<void> {
  const db = await getDb();
  const row = await db.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, userId: true, revokedAt: true },
  });
  if (row && !row.revokedAt) await revokeSession(row.id, reason, meta, row.userId, 'browser');
}

/**
 * Signs the browser out: revokes the session row its cookie names (audited as
 * "User Signed Out" or a timeout) and returns the Set-Cookie values that clear the
 * cookie. The cookie is cleared even when the session had already ended. Both
 * sign-out routes use it: /api/session/logout and next-auth's /api/auth/signout.
 */
export async function endBrowserSession(
  cookie: (name: string) => string | undefined,
  reason: 'signed_out' | 'idle',
  meta: RequestMeta,
): Promise<string[]> {
  const token = await sessionTokenFromCookies(cookie);
  if (token) await revokeSessionByToken(token, reason, meta);
  return clearSessionCookieHeaders();
}
