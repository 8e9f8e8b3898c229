// Versions and deploys through the real route handlers: every save is a version
// (an identical save is a no-op), syntax errors are stored with their position and
// block deploys, deploys are explicit and idempotent, and the audit trail carries
// each save's code diff within the audit sanitiser's bounds.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { getDestinationRuntime } from '@/lib/server/destinations/runtime';
import { MAX_CHANGES_BYTES } from '@/lib/server/audit/sanitize';
import { POST as createRoute } from '@/app/api/workspaces/[workspaceId]/functions/route';
import { GET as getRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/route';
import { POST as saveRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/versions/route';
import { GET as versionRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/versions/[versionId]/route';
import { POST as deployRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/deploy/route';
import { POST as checkRoute } from '@/app/api/workspaces/[workspaceId]/functions/check/route';
import type { FunctionVersionView, FunctionView, SyntaxCheckView } from '@/lib/schemas/functions';

const db = useServerDb();
let ws: string;
let fn: FunctionView;

const V1 = 'async function onTrack(event, settings) {\n  return event;\n}\n';
const V2 = 'async function onTrack(event, settings) {\n  event.properties = {};\n  return event;\n}\n';
const ENDPOINT = { name: 'endpoint', label: 'Endpoint', type: 'string', required: true };
const TOKEN = { name: 'apiToken', label: 'API token', type: 'secret', required: false };

const p = () => ({ workspaceId: ws, functionId: fn.id });
const save = (body: unknown, as: string = DEMO.owner) =>
  callRoute<FunctionVersionView>(saveRoute, { as, params: p(), method: 'POST', body });
const deploy = (versionId: string) =>
  callRoute<FunctionView>(deployRoute, { as: DEMO.owner, params: p(), method: 'POST', body: { versionId } });
const view = async () => (await callRoute<FunctionView>(getRoute, { as: DEMO.owner, params: p() })).body;
const rows = (eventType: string) =>
  db.current.prisma.auditLog.findMany({
    where: { workspaceId: ws, targetId: fn.id, eventType },
    orderBy: { seq: 'asc' },
  });

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_functions_versions' });
  ws = await workspaceId('sunshine-health');
  fn = (
    await callRoute<FunctionView>(createRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: { kind: 'destination', name: 'Versioned', code: V1, settings: [ENDPOINT] },
    })
  ).body;
});

describe('versions', () => {
  it('every save is a new version; an identical save creates and logs nothing', async () => {
    const v2 = await save({ code: V2, settings: [ENDPOINT, TOKEN] });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ number: 2, code: V2, deployable: true, deployed: false, handlers: ['onTrack'] });
    const before = await rows('function.code_saved');
    const same = await save({ code: V2, settings: [ENDPOINT, TOKEN] });
    expect(same.body.id).toBe(v2.body.id);
    expect(await db.current.prisma.userFunctionVersion.count({ where: { functionId: fn.id } })).toBe(2);
    expect(await rows('function.code_saved')).toHaveLength(before.length);
    // Only the settings changing is a new version too.
    const v3 = await save({ code: V2, settings: [ENDPOINT] });
    expect(v3.body.number).toBe(3);
    expect((await view()).versions.map((v) => v.number)).toEqual([3, 2, 1]);
  });

  it('records the code diff and the settings declaration changes, never values', async () => {
    const [v2, v3] = await rows('function.code_saved');
    expect(v2?.changes).toEqual({
      version: 2,
      previousVersion: 1,
      deployable: true,
      settingsAdded: ['apiToken: secret'],
      diff: [
        '--- version 1',
        '+++ version 2',
        '@@ -1,3 +1,4 @@',
        ' async function onTrack(event, settings) {',
        '+  event.properties = {};',
        '   return event;',
        ' }',
      ],
      linesAdded: 1,
      linesRemoved: 0,
    });
    expect(v3?.changes).toEqual({
      version: 3,
      previousVersion: 2,
      deployable: true,
      settingsRemoved: ['apiToken: secret'],
      codeChanged: false,
    });
  });

  it('keeps a long diff within the audit bounds, with the full line counts', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `  const line${i} = '${'x'.repeat(250)}';`).join('\n');
    const r = await save({
      code: `async function onTrack(event) {\n${long}\n  return event;\n}\n`,
      settings: [ENDPOINT],
    });
    expect(r.body.number).toBe(4);
    const row = (await rows('function.code_saved')).at(-1)!;
    const changes = row.changes as { diff: string[]; linesAdded: number; linesRemoved: number; diffTruncated: boolean };
    expect(changes.diffTruncated).toBe(true);
    expect(changes.linesAdded).toBe(301);
    expect(changes.linesRemoved).toBe(2);
    expect(changes.diff.length).toBeGreaterThan(5);
    expect(changes.diff.every((l) => l.length <= 200)).toBe(true);
    expect(JSON.stringify(changes).length).toBeLessThanOrEqual(MAX_CHANGES_BYTES);
  });

  it('stores a version with a syntax error, with line and column, as not deployable', async () => {
    const r = await save({ code: 'async function onTrack(event) {\n  return event\n}}\n', settings: [ENDPOINT] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number: 5, deployable: false, handlers: [] });
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ line: 3 });
    const [last] = (await rows('function.code_saved')).slice(-1);
    expect(last?.changes).toMatchObject({ version: 5, deployable: false, syntaxErrors: 1 });
    const refused = await deploy(r.body.id);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('"path":"versionId"');
    expect(refused.text).toContain('line 3');
  });

  it('a version without any handler is not deployable either', async () => {
    const r = await save({ code: 'const helper = 1;\n', settings: [] });
    expect(r.body.deployable).toBe(false);
    expect(r.body.errors[0]?.message).toContain('No handler');
    expect((await deploy(r.body.id)).status).toBe(400);
  });

  it('answers bad input with 400 and a field path', async () => {
    expect((await save({ code: V1 })).status).toBe(400);
    const bad = await save({ code: V1, settings: [ENDPOINT, ENDPOINT] });
    expect(bad.status).toBe(400);
    expect((await save({ code: 42, settings: [] })).text).toContain('"path":"code"');
  });

  it('serves any version for the history, and 404 for a version of another function', async () => {
    const v1 = (await view()).versions.find((v) => v.number === 1)!;
    const r = await callRoute<FunctionVersionView>(versionRoute, {
      as: DEMO.compliance,
      params: { ...p(), versionId: v1.id },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ number: 1, code: V1, settings: [ENDPOINT] });
    const other = (
      await callRoute<FunctionView>(createRoute, {
        as: DEMO.owner,
        params: { workspaceId: ws },
        method: 'POST',
        body: { kind: 'insert', name: 'Other', code: V1 },
      })
    ).body;
    expect(
      (await callRoute(versionRoute, { as: DEMO.owner, params: { ...p(), versionId: other.latest.id } })).status,
    ).toBe(404);
    expect((await deploy(other.latest.id)).status).toBe(404);
    expect((await callRoute(versionRoute, { as: DEMO.owner, params: { ...p(), versionId: 'x' } })).status).toBe(404);
  });
});

describe('deploy', () => {
  it('is explicit: saving never changes what runs; deploying does, once', async () => {
    const v2 = (await view()).versions.find((v) => v.number === 2)!;
    const v3 = (await view()).versions.find((v) => v.number === 3)!;
    expect((await view()).deployedVersion).toBeNull();

    const first = await deploy(v2.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ deployedVersion: 2 });
    expect(first.body.settings.map((s) => s.name)).toEqual(['endpoint', 'apiToken']);
    expect(first.body.versions.find((v) => v.number === 2)?.deployed).toBe(true);
    expect(first.body.deployedAt).not.toBeNull();

    await save({ code: V1 + '// later\n', settings: [] });
    expect((await view()).deployedVersion).toBe(2);

    // Re-deploying the deployed version logs nothing.
    expect((await deploy(v2.id)).status).toBe(200);
    expect((await rows('function.deployed')).map((r) => r.changes)).toEqual([
      { before: { deployedVersion: null }, after: { deployedVersion: 2 }, destinations: 0 },
    ]);

    const second = await deploy(v3.id);
    expect(second.body.deployedVersion).toBe(3);
    expect((await rows('function.deployed')).map((r) => r.changes)).toEqual([
      { before: { deployedVersion: null }, after: { deployedVersion: 2 }, destinations: 0 },
      { before: { deployedVersion: 2 }, after: { deployedVersion: 3 }, destinations: 0 },
    ]);
    expect((await callRoute(deployRoute, { as: DEMO.owner, params: p(), method: 'POST', body: {} })).text).toContain(
      '"path":"versionId"',
    );
  });

  it('rebuilds the delivery runtime of every destination using it', async () => {
    const source = await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } });
    const dest = await db.current.prisma.destination.create({
      data: { workspaceId: ws, sourceId: source.id, catalogId: 'function', name: 'Runs it', functionId: fn.id },
    });
    expect((await getDestinationRuntime(dest.id))?.enabled).toBe(true);
    // Changed behind the cache's back: only an invalidation makes the runtime see it before the TTL.
    await db.current.prisma.destination.update({ where: { id: dest.id }, data: { enabled: false } });
    expect((await getDestinationRuntime(dest.id))?.enabled).toBe(true);
    const v2 = (await view()).versions.find((v) => v.number === 2)!;
    const r = await deploy(v2.id);
    expect(r.status).toBe(200);
    expect((await getDestinationRuntime(dest.id))?.enabled).toBe(false);
    expect((await rows('function.deployed')).at(-1)?.changes).toMatchObject({ destinations: 1 });
    await db.current.prisma.destination.delete({ where: { id: dest.id } });
  });
});

describe('check', () => {
  it('answers handlers or errors with line and column, and writes no audit row', async () => {
    const count = () => db.current.prisma.auditLog.count({ where: { workspaceId: ws } });
    const before = await count();
    const ok = await callRoute<SyntaxCheckView>(checkRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: { code: V1 },
    });
    expect(ok.body).toEqual({ ok: true, handlers: ['onTrack'] });
    const bad = await callRoute<SyntaxCheckView>(checkRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: { code: 'function onTrack( {' },
    });
    expect(bad.body.ok).toBe(false);
    if (!bad.body.ok) expect(bad.body.errors[0]).toMatchObject({ line: 1 });
    expect(
      (await callRoute(checkRoute, { as: DEMO.owner, params: { workspaceId: ws }, method: 'POST', body: {} })).status,
    ).toBe(400);
    expect(await count()).toBe(before);
  });
});
