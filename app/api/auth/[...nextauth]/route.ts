import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { publicRoute } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { authOptions } from '@/lib/server/sessions/next-auth-options';
import { endBrowserSession } from '@/lib/server/sessions/logout';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

const handler = NextAuth(authOptions) as (
  req: NextRequest,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

const SIGNED_OUT = '/login?reason=signed_out';

/**
 * next-auth's own sign-out only clears the cookie (with the JWT strategy it has no
 * session store to end), which would leave the session row alive for anyone holding
 * a copy of the cookie. So it is answered here, exactly like /api/session/logout,
 * in next-auth's response shape: `{ url }` for its client (json=true), else a
 * redirect. The destination is always the sign-in page, never a callbackUrl.
 */
async function signOut(req: NextRequest, meta: RequestMeta): Promise<Response> {
  const form = new URLSearchParams(await req.text());
  const cleared = await endBrowserSession((n) => req.cookies.get(n)?.value, 'signed_out', meta);
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  for (const c of cleared) headers.append('Set-Cookie', c);
  if (form.get('json') === 'true') {
    headers.set('Content-Type', 'application/json');
    return new Response(JSON.stringify({ url: SIGNED_OUT }), { status: 200, headers });
  }
  headers.set('Location', SIGNED_OUT);
  return new Response(null, { status: 302, headers });
}

// next-auth answers these itself (its own CSRF token guards the sign-in POST).
export const GET = publicRoute<{ nextauth: string[] }>(
  (req, _meta, params) => handler(req, { params: Promise.resolve(params) }),
  {
    audit: noAudit('next-auth CSRF token and provider list'),
  },
);
// Same-origin only, like every other mutation (sign-in included: no cross-site login CSRF).
export const POST = publicRoute<{ nextauth: string[] }>(
  (req, meta, params) =>
    params.nextauth[0] === 'signout' ? signOut(req, meta) : handler(req, { params: Promise.resolve(params) }),
  {
    audit: audited('auth.signed_in', 'auth.sign_in_failed', 'auth.account_locked', 'auth.signed_out'),
    csrf: true,
  },
);
