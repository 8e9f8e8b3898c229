// The second line of CSRF defence (after SameSite cookies): every mutation,
// including sign-out and invite acceptance, must come from our own origin.
// `Origin: null` is refused like any other foreign origin (403, not a 500), and
// X-Forwarded-Host is believed only when TRUST_PROXY says a proxy sets it.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { callRoute, type RouteHandler } from '@/tests/support/route-call';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { sessionTokenFromCookies } from '@/lib/server/sessions/cookie';
import { POST as logout } from '@/app/api/session/logout/route';
import { POST as acceptInvite } from '@/app/api/invites/accept/route';
import { POST as createWorkspace } from '@/app/api/workspaces/route';

const db = useServerDb();

async function newUser(): Promise<{ email: string; id: string }> {
  const email = `csrf-${randomUUID()}@csrf.test`;
  const u = await db.current.prisma.user.create({ data: { email, name: 'CSRF Tester', passwordHash: 'x' } });
  return { email, id: u.id };
}

const FOREIGN: Record<string, Record<string, string | null>> = {
  'another origin': { origin: 'http://evil.example' },
  'another port on the same host': { origin: 'http://localhost:8081' },
  'Origin: null (sandboxed frame, data: URL)': { origin: 'null' },
  'a malformed Origin': { origin: 'http://[::1' },
  'Sec-Fetch-Site: cross-site': { origin: null, 'sec-fetch-site': 'cross-site' },
  'Sec-Fetch-Site: same-site (a sibling subdomain)': { origin: null, 'sec-fetch-site': 'same-site' },
};

function expectRefused(r: { status: number; body: unknown }) {
  expect(r.status).toBe(403);
  expect(r.body).toMatchObject({ error: { code: 'forbidden', message: 'Cross-site request refused.' } });
  expect((r.body as { error: { requestId?: string } }).error.requestId).toEqual(expect.any(String));
}

afterEach(() => {
  delete process.env.TRUST_PROXY;
});

describe('POST /api/session/logout', () => {
  it.each(Object.entries(FOREIGN))('refuses %s and leaves the session alive', async (_name, headers) => {
    const u = await newUser();
    const r = await callRoute(logout, { as: u.email, params: {}, method: 'POST', body: {}, headers });
    expectRefused(r);
    expect(r.text).not.toContain('Invalid URL');
    const live = await db.current.prisma.session.findMany({ where: { userId: u.id, revokedAt: null } });
    expect(live).toHaveLength(1);
  });

  it('still signs out a same-origin request', async () => {
    const u = await newUser();
    const r = await callRoute(logout, { as: u.email, params: {}, method: 'POST', body: {} });
    expect(r.status).toBe(200);
    expect(await db.current.prisma.session.count({ where: { userId: u.id, revokedAt: null } })).toBe(0);
  });
});

describe('POST /api/invites/accept', () => {
  it.each(Object.entries(FOREIGN))('refuses %s before looking at the invite', async (_name, headers) => {
    const r = await callRoute(acceptInvite, {
      as: null,
      params: {},
      method: 'POST',
      body: { token: 'x'.repeat(40), name: 'Mallory', password: 'correct-horse-battery' },
      headers,
    });
    expectRefused(r);
  });

  it('same-origin requests get through to the invite check', async () => {
    const r = await callRoute(acceptInvite, {
      as: null,
      params: {},
      method: 'POST',
      body: { token: 'x'.repeat(40), name: 'Pat', password: 'correct-horse-battery' },
    });
    expect(r.status).not.toBe(403);
  });
});

describe('Origin: null on any mutation', () => {
  it.each<[string, RouteHandler]>([['POST /api/workspaces', createWorkspace as RouteHandler]])(
    '%s answers 403 with the usual error body, not a 500',
    async (_name, handler) => {
      const u = await newUser();
      const r = await callRoute(handler, {
        as: u.email,
        params: {},
        method: 'POST',
        body: { name: 'Null Origin' },
        headers: { origin: 'null' },
      });
      expectRefused(r);
      expect(await db.current.prisma.membership.count({ where: { userId: u.id } })).toBe(0);
    },
  );
});

describe('X-Forwarded-Host', () => {
  const spoofed = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };

  it.each([undefined, '0', '', 'nonsense'])('is ignored with TRUST_PROXY=%j', async (trust) => {
    if (trust !== undefined) process.env.TRUST_PROXY = trust;
    const u = await newUser();
    const r = await callRoute(createWorkspace, {
      as: u.email,
      params: {},
      method: 'POST',
      body: { name: 'Spoofed' },
      headers: spoofed,
    });
    expectRefused(r);
    expect(await db.current.prisma.membership.count({ where: { userId: u.id } })).toBe(0);
  });

  it('is the public host behind a configured proxy (TRUST_PROXY=1)', async () => {
    process.env.TRUST_PROXY = '1';
    const u = await newUser();
    const r = await callRoute(createWorkspace, {
      as: u.email,
      params: {},
      method: 'POST',
      body: { name: 'Behind a proxy' },
      headers: { origin: 'https://console.example', 'x-forwarded-host': 'console.example', host: '10.0.0.5:3000' },
    });
    expect(r.status).toBe(201);
    // …and then a foreign Origin still does not match it.
    const r2 = await callRoute(createWorkspace, {
      as: u.email,
      params: {},
      method: 'POST',
      body: { name: 'Behind a proxy 2' },
      headers: { origin: 'https://evil.example', 'x-forwarded-host': 'console.example', host: '10.0.0.5:3000' },
    });
    expectRefused(r2);
  });

  it('without a proxy, the Host header is what the Origin must match', async () => {
    const u = await newUser();
    const r = await callRoute(createWorkspace, {
      as: u.email,
      params: {},
      method: 'POST',
      body: { name: 'Direct' },
      headers: { origin: 'http://localhost', host: 'localhost', 'x-forwarded-host': 'evil.example' },
    });
    expect(r.status).toBe(201);
  });
});

// Keep the helper honest: the cookie callRoute sends is a live session.
it('test cookies carry a real session token', async () => {
  const u = await newUser();
  const { cookieFor } = await import('@/tests/support/route-call');
  const cookie = await cookieFor(u.email);
  const token = await sessionTokenFromCookies((n) =>
    cookie.startsWith(`${n}=`) ? cookie.slice(n.length + 1) : undefined,
  );
  expect(await db.current.prisma.session.count({ where: { tokenHash: sha256Hex(token!) } })).toBe(1);
});
