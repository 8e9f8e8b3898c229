import 'server-only';
import { decode } from 'next-auth/jwt';

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/** Reads the opaque session token out of next-auth's encrypted cookie. */
export async function sessionTokenFromCookies(get: (name: string) => string | undefined): Promise<string | null> {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) return null;
  for (const name of SESSION_COOKIES) {
    const raw = get(name);
    if (!raw) continue;
    const jwt = await decode({ token: raw, secret }).catch(() => null);
    if (jwt && typeof jwt.sid === 'string') return jwt.sid;
  }
  return null;
}

export function clearSessionCookieHeaders(): string[] {
  return SESSION_COOKIES.map(
    (name) => `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`,
  );
}
