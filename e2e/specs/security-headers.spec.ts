// Security headers, cookie flags and CSRF protection, checked on real responses
// of the production server.
import { test, expect, NO_DB_REASON } from '../fixtures';

test.describe('security headers', () => {
  test('console pages and API answers carry CSP, framing, referrer and no-store headers', async ({ request }) => {
    for (const path of ['/login', '/api/health']) {
      const res = await request.get(path);
      const h = res.headers();
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy'], path).not.toContain('unsafe-eval');
      expect(h['x-frame-options'], path).toBe('DENY');
      expect(h['referrer-policy'], path).toBe('same-origin');
      expect(h['cache-control'], path).toContain('no-store');
      expect(h['x-content-type-options'], path).toBe('nosniff');
    }
  });

  test('HSTS only for requests that came over HTTPS', async ({ request }) => {
    expect((await request.get('/login')).headers()['strict-transport-security']).toBeUndefined();
    const viaTls = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers()['strict-transport-security']).toContain('max-age=');
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async ({ signedIn }) => {
    const s = await signedIn('owner');
    const cookie = (await s.context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  test('a mutation from another origin is refused (CSRF)', async ({ apiAs }) => {
    const api = await apiAs('owner');
    const res = await api.post('/api/session/activity', {
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      data: {},
    });
    expect(res.status()).toBe(403);
    const same = await api.post('/api/session/activity', { data: {} });
    expect(same.status()).toBe(200);
  });
});

test.describe('client address in audit rows', () => {
  test('a forged X-Forwarded-For does not reach the audit row: the connection peer is recorded', async ({
    apiAs,
    db,
    workspaceIds,
  }) => {
    test.skip(!db, NO_DB_REASON);
    const api = await apiAs('compliance');
    const requestId = `e2e-xff-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await api.get(`/api/workspaces/${workspaceIds.sunshine}/audit`, {
      headers: {
        'x-forwarded-for': '198.51.100.77, 203.0.113.5',
        'x-real-ip': '198.51.100.78',
        'x-request-id': requestId,
      },
    });
    expect(res.status()).toBe(200);
    const rows = await db!.query<{ ip: string | null; eventType: string }>(
      `SELECT ip, "eventType" FROM "AuditLog" WHERE "requestId" = $1`,
      [requestId],
    );
    expect(rows).toEqual([{ ip: '127.0.0.1', eventType: 'audit.viewed' }]);
  });
});
