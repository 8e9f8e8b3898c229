import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { decode } from 'next-auth/jwt';
import { createHash } from 'node:crypto';
import { NEXTAUTH_SECRET } from './env';

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * Signs in through next-auth's own endpoints, as the login form does:
 * GET /api/auth/csrf, then POST the credentials form with json=true. On success
 * the request context holds the session cookie (shared with its browser
 * context when it is `context.request`).
 */
export async function apiSignIn(
  request: APIRequestContext,
  email: string,
  password: string,
  /** The authenticator (or recovery) code, for an account with two-factor on. */
  code?: string,
): Promise<SignInResult> {
  const csrf = await request.get('/api/auth/csrf');
  if (!csrf.ok()) throw new Error(`GET /api/auth/csrf: ${csrf.status()}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password, ...(code ? { code } : {}), json: 'true' },
    maxRedirects: 0,
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get('error') : `http_${res.status()}`;
  return error ? { ok: false, error } : { ok: true };
}

export const SESSION_COOKIE = 'next-auth.session-token';

/**
 * The cookie is next-auth's encrypted JWT carrying only `sid`, the opaque
 * session token; the Session row stores sha256(token). Knowing the e2e
 * NEXTAUTH_SECRET lets a test find its own session row without guessing.
 */
export async function sessionTokenHash(cookieValue: string): Promise<string> {
  const jwt = await decode({ token: cookieValue, secret: NEXTAUTH_SECRET });
  if (!jwt || typeof jwt.sid !== 'string') throw new Error('session cookie carries no sid');
  return createHash('sha256').update(jwt.sid).digest('hex');
}

export function cookieHeader(cookies: { name: string; value: string }[]): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** The Session row id behind a browser context's cookie (needs the e2e DB). */
export async function sessionCookie(context: BrowserContext): Promise<{ name: string; value: string }> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie in this context');
  return cookie;
}
