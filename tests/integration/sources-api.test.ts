// Sources through the real route handlers: create with a one-time write key,
// rotation with a grace period, enable/disable, blocking, typed-name delete,
// tenant isolation and roles on every route.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { tablesContaining } from '@/tests/support/db-scan';
import { seedDemo } from '@/lib/server/seed/demo';
import { hashWriteKey } from '@/lib/server/sources/write-keys';
import { GET as listRoute, POST as createRoute } from '@/app/api/workspaces/[workspaceId]/sources/route';
import {
  DELETE as deleteRoute,
  GET as getRoute,
  PATCH as patchRoute,
} from '@/app/api/workspaces/[workspaceId]/sources/[sourceId]/route';
import { POST as rotateRoute } from '@/app/api/workspaces/[workspaceId]/sources/[sourceId]/write-key/route';
import { PUT as blockingRoute } from '@/app/api/workspaces/[workspaceId]/sources/[sourceId]/blocking/route';
import type { SourceView } from '@/lib/server/sources/sources';

const db = useServerDb();
let ws: string;
let otherWs: string;
let northwindSource: string;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_sources' });
  ws = await workspaceId('sunshine-health');
  otherWs = await workspaceId('northwind-clinic');
  northwindSource = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: otherWs } })).id;
});

type Created = { source: SourceView; writeKey: string };
const create = (as: string, body: unknown) =>
  callRoute<Created>(createRoute, { as, params: { workspaceId: ws }, method: 'POST', body });

describe('create and list', () => {
  it('returns the write key once, stores only its hash, and shows a prefix afterwards', async () => {
    const r = await create(DEMO.member, { name: 'Clinic Backend', type: 'nodejs' });
    expect(r.status).toBe(201);
    const { source, writeKey } = r.body;
    expect(writeKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(source.writeKey?.prefix).toBe(writeKey.slice(0, 8));

    const rows = await db.current.prisma.writeKey.findMany({ where: { sourceId: source.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].keyHash).toBe(hashWriteKey(writeKey));
    expect(await tablesContaining(db.current.raw, writeKey)).toEqual([]);

    const list = await callRoute<{ sources: SourceView[] }>(listRoute, {
      as: DEMO.compliance,
      params: { workspaceId: ws },
    });
    expect(list.text).not.toContain(writeKey);
    expect(list.body.sources.map((s) => s.name)).toContain('Clinic Backend');
    const one = await callRoute(getRoute, { as: DEMO.owner, params: { workspaceId: ws, sourceId: source.id } });
    expect(one.text).not.toContain(writeKey);

    const audit = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'source.created', targetId: source.id },
    });
    expect(audit.changes).toEqual({ name: 'Clinic Backend', type: 'nodejs' });
  });

  it('validates names and types, and keeps names unique ignoring case', async () => {
    expect((await create(DEMO.owner, { name: 'clinic backend', type: 'website' })).status).toBe(409);
    expect((await create(DEMO.owner, { name: '', type: 'website' })).status).toBe(400);
    expect((await create(DEMO.owner, { name: 'Web', type: 'ios' })).status).toBe(400);
    expect((await create(DEMO.owner, { name: 'Web' })).status).toBe(400);
    // The same name in another workspace is fine.
    const other = await callRoute(createRoute, {
      as: DEMO.otherOwner,
      params: { workspaceId: otherWs },
      method: 'POST',
      body: { name: 'Clinic Backend', type: 'nodejs' },
    });
    expect(other.status).toBe(201);
  });

  it('compliance cannot create; another tenant gets 404; no session gets 401', async () => {
    expect((await create(DEMO.compliance, { name: 'Nope', type: 'website' })).status).toBe(403);
    expect((await create(DEMO.otherOwner, { name: 'Nope', type: 'website' })).status).toBe(404);
    expect((await callRoute(listRoute, { as: null, params: { workspaceId: ws } })).status).toBe(401);
    expect((await callRoute(listRoute, { as: DEMO.otherOwner, params: { workspaceId: ws } })).status).toBe(404);
  });
});

describe('one source', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(DEMO.owner, { name: 'Patient App', type: 'http_api' })).body.source.id;
  });
  const p = () => ({ workspaceId: ws, sourceId: id });

  it('rotates with a grace period: the old key keeps working until then', async () => {
    const before = await db.current.prisma.writeKey.findFirstOrThrow({ where: { sourceId: id } });
    const t0 = Date.now();
    const r = await callRoute<{ writeKey: string; previousKeyExpiresAt: string; source: SourceView }>(rotateRoute, {
      as: DEMO.member,
      params: p(),
      method: 'POST',
      body: { gracePeriod: '24h' },
    });
    expect(r.status).toBe(201);
    const expires = Date.parse(r.body.previousKeyExpiresAt);
    expect(expires - t0).toBeGreaterThanOrEqual(24 * 3600 * 1000 - 5000);
    expect(expires - t0).toBeLessThanOrEqual(24 * 3600 * 1000 + 5000);
    const old = await db.current.prisma.writeKey.findUniqueOrThrow({ where: { id: before.id } });
    expect(old.expiresAt?.toISOString()).toBe(r.body.previousKeyExpiresAt);
    expect(r.body.source.writeKey?.prefix).toBe(r.body.writeKey.slice(0, 8));
    expect(r.body.source.previousKeys.map((k) => k.prefix)).toEqual([before.prefix]);

    // Rotating again with no grace period ends every earlier key now.
    const again = await callRoute<{ writeKey: string; source: SourceView }>(rotateRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'POST',
      body: { gracePeriod: 'none' },
    });
    expect(again.body.source.previousKeys).toEqual([]);
    const live = await db.current.prisma.writeKey.count({
      where: { sourceId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    expect(live).toBe(1);
    expect(
      (
        await db.current.prisma.auditLog.findMany({ where: { targetId: id, eventType: 'source.write_key_rotated' } })
      ).map((a) => (a.changes as { gracePeriod: string }).gracePeriod),
    ).toEqual(['24h', 'none']);
    expect(
      (await callRoute(rotateRoute, { as: DEMO.owner, params: p(), method: 'POST', body: { gracePeriod: '2y' } }))
        .status,
    ).toBe(400);
  });

  it('enables, disables and renames with one audit row per kind of change', async () => {
    const r = await callRoute<SourceView>(patchRoute, {
      as: DEMO.member,
      params: p(),
      method: 'PATCH',
      body: { enabled: false, name: 'Patient App (prod)' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ enabled: false, name: 'Patient App (prod)' });
    const types = (
      await db.current.prisma.auditLog.findMany({
        where: { targetId: id, eventType: { in: ['source.disabled', 'source.modified'] } },
      })
    )
      .map((a) => a.eventType)
      .sort();
    expect(types).toEqual(['source.disabled', 'source.modified']);
    expect((await callRoute(patchRoute, { as: DEMO.member, params: p(), method: 'PATCH', body: {} })).status).toBe(400);
  });

  it('blocking Red fields is owner-only and audited', async () => {
    expect(
      (await callRoute(blockingRoute, { as: DEMO.member, params: p(), method: 'PUT', body: { blockRed: true } }))
        .status,
    ).toBe(403);
    const r = await callRoute<SourceView>(blockingRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'PUT',
      body: { blockRed: true },
    });
    expect(r.body.blockRed).toBe(true);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { targetId: id, eventType: 'source.blocking_modified' },
    });
    expect(row.changes).toEqual({ before: { blockRed: false }, after: { blockRed: true } });
  });

  it('every route answers 404 for another tenant’s source and for a foreign user, 403 for compliance writes', async () => {
    const foreign = { workspaceId: ws, sourceId: northwindSource };
    expect((await callRoute(getRoute, { as: DEMO.owner, params: foreign })).status).toBe(404);
    expect(
      (await callRoute(patchRoute, { as: DEMO.owner, params: foreign, method: 'PATCH', body: { enabled: false } }))
        .status,
    ).toBe(404);
    expect(
      (await callRoute(rotateRoute, { as: DEMO.owner, params: foreign, method: 'POST', body: { gracePeriod: 'none' } }))
        .status,
    ).toBe(404);
    expect(
      (await callRoute(blockingRoute, { as: DEMO.owner, params: foreign, method: 'PUT', body: { blockRed: true } }))
        .status,
    ).toBe(404);
    expect(
      (
        await callRoute(deleteRoute, {
          as: DEMO.owner,
          params: foreign,
          method: 'DELETE',
          body: { confirmName: 'Patient Portal (HTTP API)' },
        })
      ).status,
    ).toBe(404);
    expect((await callRoute(getRoute, { as: DEMO.owner, params: { workspaceId: ws, sourceId: 'nope' } })).status).toBe(
      404,
    );
    for (const [route, method, body] of [
      [getRoute, 'GET', undefined],
      [patchRoute, 'PATCH', { enabled: true }],
      [rotateRoute, 'POST', { gracePeriod: 'none' }],
      [blockingRoute, 'PUT', { blockRed: false }],
      [deleteRoute, 'DELETE', { confirmName: 'x' }],
    ] as const) {
      expect((await callRoute(route, { as: DEMO.otherOwner, params: p(), method, body })).status).toBe(404);
      if (method !== 'GET')
        expect((await callRoute(route, { as: DEMO.compliance, params: p(), method, body })).status).toBe(403);
    }
    const untouched = await db.current.prisma.source.findUniqueOrThrow({ where: { id: northwindSource } });
    expect(untouched.enabled).toBe(true);
  });

  it('deletes only after the exact name is typed, and keeps its audit rows', async () => {
    const wrong = await callRoute(deleteRoute, {
      as: DEMO.member,
      params: p(),
      method: 'DELETE',
      body: { confirmName: 'patient app (prod)' },
    });
    expect(wrong.status).toBe(400);
    expect(await db.current.prisma.source.count({ where: { id } })).toBe(1);
    const auditBefore = await db.current.prisma.auditLog.count({ where: { targetId: id } });
    const r = await callRoute(deleteRoute, {
      as: DEMO.member,
      params: p(),
      method: 'DELETE',
      body: { confirmName: 'Patient App (prod)' },
    });
    expect(r.status).toBe(200);
    expect(await db.current.prisma.source.count({ where: { id } })).toBe(0);
    expect(await db.current.prisma.writeKey.count({ where: { sourceId: id } })).toBe(0);
    expect(await db.current.prisma.auditLog.count({ where: { targetId: id } })).toBe(auditBefore + 1);
    expect((await callRoute(getRoute, { as: DEMO.owner, params: p() })).status).toBe(404);
  });
});
