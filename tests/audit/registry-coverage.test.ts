// Every route handler and page declares how it is audited, beside its code; the
// registry (tests/support/route-registry.ts) reads those declarations off the
// modules. Adding a route or page without deciding how it is audited fails here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENTS } from '@/lib/audit-events';
import { PERMISSIONS } from '@/lib/permissions';
import { routeFromFile } from '@/tests/support/route-discovery';
import { loadRouteRegistry, type RouteRegistry } from '@/tests/support/route-registry';

let registry: RouteRegistry;
beforeAll(async () => {
  registry = await loadRouteRegistry();
}, 120_000);

describe('route registry coverage', () => {
  it('names routes by URL path, without route groups', () => {
    expect(routeFromFile('(console)/w/[workspaceId]/audit/page.tsx')).toBe('/w/[workspaceId]/audit');
    expect(routeFromFile('api/workspaces/[workspaceId]/audit/route.ts')).toBe('/api/workspaces/[workspaceId]/audit');
    expect(routeFromFile('page.tsx')).toBe('/');
  });

  it('has a declaration for every route handler method and page', () => {
    expect(registry.errors, 'Declare these (audit: phiRead, audited, or noAudit with a reason)').toEqual([]);
    expect(registry.entries.some((e) => e.method === 'PAGE')).toBe(true);
    expect(registry.entries.some((e) => e.method !== 'PAGE')).toBe(true);
  });

  it('has one entry per key (no two modules answer the same URL and method)', () => {
    const keys = registry.entries.map((e) => e.key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('names only known event types and gives a reason for every unaudited entry', () => {
    for (const { key, audit: a } of registry.entries) {
      const events = a.kind === 'phi-read' ? [a.event] : a.kind === 'audited' ? a.events : [];
      for (const ev of events) expect(Object.hasOwn(AUDIT_EVENTS, ev), `${key}: ${ev}`).toBe(true);
      if (a.kind === 'audited') expect(a.events.length, key).toBeGreaterThan(0);
      if (a.kind === 'none') expect(a.why.length, key).toBeGreaterThan(5);
    }
  });

  it('checks workspace membership exactly where the URL names a workspace, with a known permission', () => {
    for (const { key, route, auth, permission } of registry.entries) {
      const inWorkspace = route.includes('/[workspaceId]');
      expect(auth === 'workspace', `${key}: auth ${auth}`).toBe(inWorkspace);
      if (permission !== undefined) expect(Object.hasOwn(PERMISSIONS, permission), `${key}: ${permission}`).toBe(true);
      if (auth === 'workspace') expect(permission, key).toBeDefined();
      else expect(permission, key).toBeUndefined();
    }
  });

  it('reports a handler or page that declares nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'route-registry-'));
    try {
      mkdirSync(path.join(dir, '(group)/plain'), { recursive: true });
      mkdirSync(path.join(dir, 'api/mixed'), { recursive: true });
      mkdirSync(path.join(dir, 'api/empty'), { recursive: true });
      writeFileSync(path.join(dir, '(group)/plain/page.tsx'), 'export default function Plain() { return null; }\n');
      writeFileSync(
        path.join(dir, 'api/mixed/route.ts'),
        [
          "export const GET = async () => new Response('undeclared');",
          "export const POST = Object.assign(async () => new Response('ok'), { route: { audit: { kind: 'none', why: 'a test fixture' }, auth: 'public' } });",
        ].join('\n'),
      );
      writeFileSync(path.join(dir, 'api/empty/route.ts'), 'export const dynamic = "force-dynamic";\n');
      const r = await loadRouteRegistry(dir);
      expect(r.entries.map((e) => e.key)).toEqual(['POST /api/mixed']);
      expect(r.errors).toEqual([
        expect.stringContaining('app/api/empty/route.ts: exports no HTTP method handler'),
        expect.stringMatching(/^GET \/api\/mixed .*withWorkspace, withSession or publicRoute/),
        expect.stringMatching(/^PAGE \/plain .*workspacePage, userPage or publicPage/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
