// Functions through the real route handlers: create (with version 1 and its
// syntax check), list (members see deployed functions only), view, edit, delete
// (refused while connected), tenant isolation and roles on every route.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { GET as listRoute, POST as createRoute } from '@/app/api/workspaces/[workspaceId]/functions/route';
import {
  DELETE as deleteRoute,
  GET as getRoute,
  PATCH as patchRoute,
} from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/route';
import { POST as saveRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/versions/route';
import { GET as versionRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/versions/[versionId]/route';
import { POST as deployRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/deploy/route';
import { POST as checkRoute } from '@/app/api/workspaces/[workspaceId]/functions/check/route';
import { POST as testRoute } from '@/app/api/workspaces/[workspaceId]/functions/test/route';
import type { FunctionListItem, FunctionView } from '@/lib/schemas/functions';

const db = useServerDb();
let ws: string;
let otherWs: string;

const CODE = 'async function onTrack(event, settings) {\n  return event;\n}\n';
const SETTINGS = [{ name: 'endpoint', label: 'Endpoint', type: 'string', required: true }];
const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

const create = (as: string, body: unknown, workspace = ws) =>
  callRoute<FunctionView>(createRoute, { as, params: { workspaceId: workspace }, method: 'POST', body });
const list = (as: string) =>
  callRoute<{ functions: FunctionListItem[] }>(listRoute, { as, params: { workspaceId: ws } });
const auditRows = (targetId: string, eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { workspaceId: ws, targetId, eventType }, orderBy: { seq: 'asc' } });

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_functions_api' });
  ws = await workspaceId('sunshine-health');
  otherWs = await workspaceId('northwind-clinic');
});

describe('create, list and view', () => {
  it('creates the function with version 1, its handlers stored, and one audit row without code', async () => {
    const r = await create(DEMO.owner, {
      kind: 'destination',
      name: 'Remove PHI',
      description: 'Strips names',
      logo: LOGO,
      code: CODE,
      settings: SETTINGS,
    });
    expect(r.status).toBe(201);
    const f = r.body;
    expect(f).toMatchObject({ kind: 'destination', name: 'Remove PHI', logo: LOGO, deployedVersion: null });
    expect(f.versions).toHaveLength(1);
    expect(f.latest).toMatchObject({ number: 1, code: CODE, handlers: ['onTrack'], errors: [], deployable: true });
    expect(f.latest.settings).toEqual([{ ...SETTINGS[0], required: true }]);
    expect(f.latest.author?.name).toBe('Olivia Owner');
    expect(f.settings).toEqual([]); // nothing deployed yet: Connect would offer nothing

    const [row] = await auditRows(f.id, 'function.created');
    expect(row?.changes).toEqual({
      name: 'Remove PHI',
      kind: 'destination',
      version: 1,
      deployable: true,
      logo: 'added',
      settingsAdded: ['endpoint: string, required'],
    });
    expect(JSON.stringify(row?.changes)).not.toContain('onTrack');
  });

  it('stores a version whose code does not compile, with line and column, and says it is not deployable', async () => {
    const r = await create(DEMO.owner, {
      kind: 'insert',
      name: 'Broken',
      code: 'function onTrack(e) {\n  return e +;\n}',
    });
    expect(r.status).toBe(201);
    expect(r.body.latest.deployable).toBe(false);
    expect(r.body.latest.errors[0]).toMatchObject({ line: 2 });
    expect(r.body.latest.errors[0]!.column).toBeGreaterThan(0);
    const stored = await db.current.prisma.userFunctionVersion.findFirstOrThrow({ where: { functionId: r.body.id } });
    expect(stored.errors).toEqual(r.body.latest.errors);
  });

  it('answers clear 400s and 409s with field paths', async () => {
    const dup = await create(DEMO.owner, { kind: 'destination', name: 'remove phi', code: CODE });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('"path":"name"');
    const bad = await create(DEMO.owner, { kind: 'lambda', name: 'X', code: CODE });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('"path":"kind"');
    const badSetting = await create(DEMO.owner, {
      kind: 'destination',
      name: 'Y',
      code: CODE,
      settings: [{ name: 'not valid', label: 'L', type: 'string' }],
    });
    expect(badSetting.status).toBe(400);
    expect(badSetting.text).toContain('"path":"settings.0.name"');
    expect(
      (await create(DEMO.owner, { kind: 'destination', name: 'Z', code: CODE, logo: 'http://x/y.png' })).status,
    ).toBe(400);
    // The same name in another workspace is fine.
    expect(
      (await create(DEMO.otherOwner, { kind: 'destination', name: 'Remove PHI', code: CODE }, otherWs)).status,
    ).toBe(201);
  });

  it('lists every function for owner and compliance, only deployed ones for a member', async () => {
    const deployedOne = await create(DEMO.owner, { kind: 'insert', name: 'Drop SSN', code: CODE });
    const d = await callRoute(deployRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, functionId: deployedOne.body.id },
      method: 'POST',
      body: { versionId: deployedOne.body.latest.id },
    });
    expect(d.status).toBe(200);

    const owner = await list(DEMO.owner);
    expect(owner.status).toBe(200);
    expect(owner.body.functions.map((f) => f.name)).toEqual(['Broken', 'Drop SSN', 'Remove PHI']);
    const compliance = await list(DEMO.compliance);
    expect(compliance.body.functions.map((f) => f.name)).toEqual(['Broken', 'Drop SSN', 'Remove PHI']);
    const member = await list(DEMO.member);
    expect(member.status).toBe(200);
    expect(member.body.functions.map((f) => f.name)).toEqual(['Drop SSN']);
    expect(member.body.functions[0]).toMatchObject({ deployedVersion: 1, connections: 0 });
    expect(member.text).not.toContain('return event');
    expect(owner.text).not.toContain('return event');
    expect((await list(DEMO.otherOwner)).status).toBe(404);
    expect((await callRoute(listRoute, { as: null, params: { workspaceId: ws } })).status).toBe(401);
  });

  it('shows one function with code to owner and compliance; member 403, another tenant 404', async () => {
    const id = (await list(DEMO.owner)).body.functions.find((f) => f.name === 'Remove PHI')!.id;
    const p = { workspaceId: ws, functionId: id };
    const owner = await callRoute<FunctionView>(getRoute, { as: DEMO.owner, params: p });
    expect(owner.status).toBe(200);
    expect(owner.body.latest.code).toBe(CODE);
    expect((await callRoute(getRoute, { as: DEMO.compliance, params: p })).status).toBe(200);
    expect((await callRoute(getRoute, { as: DEMO.member, params: p })).status).toBe(403);
    expect((await callRoute(getRoute, { as: DEMO.otherOwner, params: p })).status).toBe(404);
    expect(
      (await callRoute(getRoute, { as: DEMO.owner, params: { workspaceId: ws, functionId: 'nope' } })).status,
    ).toBe(404);
    const foreign = (await db.current.prisma.userFunction.findFirstOrThrow({ where: { workspaceId: otherWs } })).id;
    expect(
      (await callRoute(getRoute, { as: DEMO.owner, params: { workspaceId: ws, functionId: foreign } })).status,
    ).toBe(404);
  });
});

describe('edit and delete', () => {
  let id: string;
  const p = () => ({ workspaceId: ws, functionId: id });
  beforeAll(async () => {
    id = (await create(DEMO.owner, { kind: 'destination', name: 'Webhook', code: CODE })).body.id;
  });

  it('renames and describes with a before/after; the logo is recorded as changed, never as its data URL', async () => {
    const r = await callRoute<FunctionView>(patchRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'PATCH',
      body: { name: 'Webhook (no PHI)', description: 'Signed', logo: LOGO },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Webhook (no PHI)', description: 'Signed', logo: LOGO });
    const again = await callRoute<FunctionView>(patchRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'PATCH',
      body: { logo: 'data:image/webp;base64,UklGRg==' },
    });
    expect(again.status).toBe(200);
    // Nothing changes: nothing is logged.
    await callRoute(patchRoute, { as: DEMO.owner, params: p(), method: 'PATCH', body: { description: 'Signed' } });
    const rows = await auditRows(id, 'function.modified');
    expect(rows.map((row) => row.changes)).toEqual([
      {
        before: { name: 'Webhook', description: '' },
        after: { name: 'Webhook (no PHI)', description: 'Signed' },
        logo: 'added',
      },
      { before: {}, after: {}, logo: 'changed' },
    ]);
    expect(JSON.stringify(rows.map((row) => row.changes))).not.toContain('base64');

    expect((await callRoute(patchRoute, { as: DEMO.owner, params: p(), method: 'PATCH', body: {} })).status).toBe(400);
    const clash = await callRoute(patchRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'PATCH',
      body: { name: 'BROKEN' },
    });
    expect(clash.status).toBe(409);
  });

  it('refuses to delete while a destination runs or uses it, naming the destination', async () => {
    const source = await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } });
    const dest = await db.current.prisma.destination.create({
      data: {
        workspaceId: ws,
        sourceId: source.id,
        catalogId: 'function',
        name: 'Mixpanel via function',
        functionId: id,
      },
    });
    const body = { confirmName: 'Webhook (no PHI)' };
    const refused = await callRoute<{ error: { message: string } }>(deleteRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'DELETE',
      body,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Disconnect it from “Mixpanel via function” first');
    const view = await callRoute<FunctionView>(getRoute, { as: DEMO.owner, params: p() });
    expect(view.body.connections).toBe(1);
    expect(view.body.destinations).toEqual([
      { id: dest.id, name: 'Mixpanel via function', enabled: true, sourceName: source.name },
    ]);

    await db.current.prisma.destination.update({
      where: { id: dest.id },
      data: { functionId: null, catalogId: 'webhook', insertFunctionId: id },
    });
    const stillUsed = await callRoute(deleteRoute, { as: DEMO.owner, params: p(), method: 'DELETE', body });
    expect(stillUsed.status).toBe(409);
    await db.current.prisma.destination.delete({ where: { id: dest.id } });
  });

  it('deletes after the exact name is typed; versions go with it; the audit row stays', async () => {
    await callRoute(saveRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'POST',
      body: { code: CODE + '// v2\n', settings: [] },
    });
    const wrong = await callRoute(deleteRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'DELETE',
      body: { confirmName: 'webhook (no phi)' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('"path":"confirmName"');
    expect((await callRoute(deleteRoute, { as: DEMO.owner, params: p(), method: 'DELETE', body: {} })).status).toBe(
      400,
    );

    const r = await callRoute(deleteRoute, {
      as: DEMO.owner,
      params: p(),
      method: 'DELETE',
      body: { confirmName: 'Webhook (no PHI)' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ deleted: true });
    expect(await db.current.prisma.userFunction.count({ where: { id } })).toBe(0);
    expect(await db.current.prisma.userFunctionVersion.count({ where: { functionId: id } })).toBe(0);
    const [row] = await auditRows(id, 'function.deleted');
    expect(row?.changes).toEqual({ name: 'Webhook (no PHI)', kind: 'destination', versions: 2, deployedVersion: null });
    expect((await callRoute(getRoute, { as: DEMO.owner, params: p() })).status).toBe(404);
  });

  it('deletes a deployed function too (its deployed version goes with it)', async () => {
    const f = (await create(DEMO.owner, { kind: 'insert', name: 'Short lived', code: CODE })).body;
    const params = { workspaceId: ws, functionId: f.id };
    await callRoute(deployRoute, { as: DEMO.owner, params, method: 'POST', body: { versionId: f.latest.id } });
    const r = await callRoute(deleteRoute, {
      as: DEMO.owner,
      params,
      method: 'DELETE',
      body: { confirmName: 'Short lived' },
    });
    expect(r.status).toBe(200);
    expect(await db.current.prisma.userFunction.count({ where: { id: f.id } })).toBe(0);
  });
});

describe('roles and tenants on every route', () => {
  let fn: FunctionView;
  beforeAll(async () => {
    fn = (await create(DEMO.owner, { kind: 'destination', name: 'Roles probe', code: CODE })).body;
  });

  it('owner may do everything; compliance only reads; member only lists; another tenant gets 404', async () => {
    const p = { workspaceId: ws, functionId: fn.id };
    const pv = { ...p, versionId: fn.latest.id };
    const w = { workspaceId: ws };
    // owner: the owner's status (the DELETE names the wrong function, so it stops at 400);
    // compliance: 200 where functions.read suffices, else 403. Members hold neither permission.
    const cases = [
      { name: 'GET function', route: getRoute, params: p, method: 'GET', owner: 200, compliance: 200 },
      { name: 'GET version', route: versionRoute, params: pv, method: 'GET', owner: 200, compliance: 200 },
      { name: 'PATCH', route: patchRoute, params: p, method: 'PATCH', body: { description: 'x' }, owner: 200 },
      { name: 'DELETE', route: deleteRoute, params: p, method: 'DELETE', body: { confirmName: 'nope' }, owner: 400 },
      { name: 'save', route: saveRoute, params: p, method: 'POST', body: { code: CODE, settings: [] }, owner: 200 },
      { name: 'deploy', route: deployRoute, params: p, method: 'POST', body: { versionId: fn.latest.id }, owner: 200 },
      { name: 'check', route: checkRoute, params: w, method: 'POST', body: { code: CODE }, owner: 200 },
      {
        name: 'test',
        route: testRoute,
        params: w,
        method: 'POST',
        body: { kind: 'insert', code: CODE, event: { type: 'track' } },
        owner: 200,
      },
      {
        name: 'create',
        route: createRoute,
        params: w,
        method: 'POST',
        body: { kind: 'insert', name: 'Roles probe 2', code: CODE },
        owner: 201,
      },
    ];
    for (const c of cases) {
      const call = (as: string | null) =>
        callRoute(c.route, { as, params: c.params, method: c.method, body: 'body' in c ? c.body : undefined });
      expect((await call(DEMO.member)).status, `member ${c.name}`).toBe(403);
      expect((await call(DEMO.compliance)).status, `compliance ${c.name}`).toBe(c.compliance ?? 403);
      expect((await call(DEMO.otherOwner)).status, `other owner ${c.name}`).toBe(404);
      expect((await call(null)).status, `anonymous ${c.name}`).toBe(401);
      expect((await call(DEMO.owner)).status, `owner ${c.name}`).toBe(c.owner);
    }
    // Another tenant's owner, in their own workspace, cannot reach this workspace's function by id.
    const theirs = { workspaceId: otherWs, functionId: fn.id };
    expect((await callRoute(getRoute, { as: DEMO.otherOwner, params: theirs })).status).toBe(404);
    expect(
      (await callRoute(patchRoute, { as: DEMO.otherOwner, params: theirs, method: 'PATCH', body: { name: 'Mine' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await callRoute(saveRoute, {
          as: DEMO.otherOwner,
          params: theirs,
          method: 'POST',
          body: { code: CODE, settings: [] },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(deployRoute, {
          as: DEMO.otherOwner,
          params: theirs,
          method: 'POST',
          body: { versionId: fn.latest.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(versionRoute, {
          as: DEMO.otherOwner,
          params: { ...theirs, versionId: fn.latest.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(deleteRoute, {
          as: DEMO.otherOwner,
          params: theirs,
          method: 'DELETE',
          body: { confirmName: 'Roles probe' },
        })
      ).status,
    ).toBe(404);
    expect(await db.current.prisma.userFunction.count({ where: { id: fn.id, name: 'Roles probe' } })).toBe(1);
  });
});
