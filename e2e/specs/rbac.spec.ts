// RBAC matrix: every route in e2e/support/route-matrix.ts × every actor must
// answer the expected status. Uses the shared setup sessions (read-only).
import { randomUUID } from 'node:crypto';
import { test, expect } from '../fixtures';
import { ACCOUNTS, ACTORS } from '../support/accounts';
import { ROUTES } from '../support/route-matrix';

const missingWs = randomUUID();

for (const route of ROUTES) {
  test.describe(`${route.method} ${route.path}`, () => {
    for (const actor of ACTORS) {
      const status = route.expect[actor];
      test(`${actor} → ${status}`, async ({ apiAs, workspaceIds }) => {
        const url = route.path
          .replace(':otherWs', workspaceIds.northwind)
          .replace(':missingWs', missingWs)
          .replace(':ws', workspaceIds.sunshine);
        const api = await apiAs(actor);
        const res = await api.fetch(url, {
          method: route.method,
          maxRedirects: 0,
          headers: route.kind === 'page' ? { accept: 'text/html' } : { accept: 'application/json' },
          ...(route.body === undefined ? {} : { data: route.body }),
        });
        expect(res.status(), `${route.method} ${url} as ${actor}`).toBe(status);

        if (status === 307) expect(res.headers().location).toMatch(/^(https?:\/\/[^/]+)?\/login(\?|$)/);
        if (route.kind === 'api' && status >= 400) {
          // Errors are JSON with a code, and never a stack trace.
          const body = await res.json();
          expect(body.error.code).toEqual(expect.any(String));
          expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
        }
        if (status === 404 && actor !== 'anonymous') {
          // A 404 says nothing about a workspace the caller does not belong to (not even its name).
          const foreign = ACCOUNTS[actor].workspace === 'sunshine' ? 'Northwind Clinic' : 'Sunshine Health';
          expect(await res.text()).not.toContain(foreign);
        }
      });
    }
  });
}
