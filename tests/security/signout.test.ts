// next-auth's built-in POST /api/auth/signout only cleared the cookie: the
// session row stayed alive, so a copied cookie kept working. It now ends the
// session like POST /api/session/logout (row revoked, "User Signed Out"
// audited, cookie cleared), and only for a same-origin request.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { useServerDb } from '@/tests/support/server-db';
import { cookieFor } from '@/tests/support/route-call';
import { testMeta } from '@/tests/support/ctx';
import { sessionTokenFromCookies } from '@/lib/server/sessions/cookie';
import { validateSession } from '@/lib/server/sessions/sessions';
import { POST as nextAuthPost } from '@/app/api/auth/[...nextauth]/route';

const db = useServerDb();

async function signedIn() {
  const email = `signout-${randomUUID()}@signout.test`;
  const user = await db.current.prisma.user.create({ data: { email, name: 'Sign Out', passwordHash: 'x' } });
  const cookie = await cookieFor(email);
  const token = await sessionTokenFromCookies((n) =>
    cookie.startsWith(`${n}=`) ? cookie.slice(n.length + 1) : undefined,
  );
  return { userId: user.id, cookie, token: token! };
}

function signOutRequest(cookie: string, headers: Record<string, string> = {}, json = true) {
  const req = new NextRequest('http://localhost/api/auth/signout', {
    method: 'POST',
    headers: {
      host: 'localhost',
      origin: 'http://localhost',
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
      ...headers,
    },
    body: new URLSearchParams({ csrfToken: 'ignored', callbackUrl: 'https://evil.example/', json: String(json) }),
  });
  return nextAuthPost(req, { params: Promise.resolve({ nextauth: ['signout'] }) });
}

describe('POST /api/auth/signout (next-auth built-in)', () => {
  it('revokes the session row, audits the sign-out and clears the cookie', async () => {
    const s = await signedIn();
    const res = await signOutRequest(s.cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: '/login?reason=signed_out' });
    const cleared = res.headers.getSetCookie();
    expect(cleared.some((c) => /^next-auth\.session-token=;.*Max-Age=0/.test(c))).toBe(true);

    const rows = await db.current.prisma.session.findMany({ where: { userId: s.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).not.toBeNull();
    expect(rows[0]!.revokedReason).toBe('signed_out');
    await expect(validateSession(s.token, testMeta, false)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(
      await db.current.prisma.auditLog.count({ where: { actorUserId: s.userId, eventType: 'auth.signed_out' } }),
    ).toBe(1);
  });

  it('answers a form post with a redirect to the sign-in page, never to the callbackUrl it was given', async () => {
    const s = await signedIn();
    const res = await signOutRequest(s.cookie, {}, false);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?reason=signed_out');
    expect(await db.current.prisma.session.count({ where: { userId: s.userId, revokedAt: null } })).toBe(0);
  });

  it('refuses a cross-site sign-out and leaves the session alive', async () => {
    const s = await signedIn();
    const res = await signOutRequest(s.cookie, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await db.current.prisma.session.count({ where: { userId: s.userId, revokedAt: null } })).toBe(1);
  });
});
