// Connecting functions to destinations through the real route handlers: a
// Destination Function connected from the add flow (POST /destinations), an
// Insert Function attached to a catalog destination, their settings (secrets
// write-only), the audit rows, and what a function destination refuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { POST as createFunctionRoute } from '@/app/api/workspaces/[workspaceId]/functions/route';
import { POST as deployRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/deploy/route';
import { POST as createDestinationRoute } from '@/app/api/workspaces/[workspaceId]/destinations/route';
import {
  DELETE as deleteDestinationRoute,
  PATCH as patchDestinationRoute,
} from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/route';
import { PUT as insertRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/insert-function/route';
import { PUT as hashingRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/hashing/route';
import { insertSecretsAad, openSecrets } from '@/lib/server/destinations/secrets';
import type { FunctionView } from '@/lib/schemas/functions';
import type { DestinationView } from '@/lib/schemas/destinations';

const db = useServerDb();
let ws: string;
let sourceId: string;
let otherSourceId: string;

const DEST_CODE =
  'async function onTrack(event, settings) {\n  await fetch(settings.endpoint, { method: "POST" });\n}\n';
const DEST_SETTINGS = [
  { name: 'endpoint', label: 'Endpoint', type: 'string', required: true },
  { name: 'secret', label: 'Secret', type: 'secret', required: true },
];
const INSERT_CODE =
  'function onTrack(event, settings) {\n  delete event.properties[settings.drop];\n  return event;\n}\n';
const INSERT_SETTINGS = [
  { name: 'drop', label: 'Property to drop', type: 'string', required: true },
  { name: 'token', label: 'Token', type: 'secret', required: false },
];

async function deployedFunction(kind: 'destination' | 'insert', name: string, code: string, settings: unknown[]) {
  const created = await callRoute<FunctionView>(createFunctionRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws },
    method: 'POST',
    body: { kind, name, code, settings },
  });
  expect(created.status, created.text).toBe(201);
  const deployed = await callRoute<FunctionView>(deployRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws, functionId: created.body.id },
    method: 'POST',
    body: { versionId: created.body.latest.id },
  });
  expect(deployed.status, deployed.text).toBe(200);
  return created.body;
}

const connect = (as: string, body: Record<string, unknown>) =>
  callRoute<DestinationView & { error?: { code: string; message: string } }>(createDestinationRoute, {
    as,
    params: { workspaceId: ws },
    method: 'POST',
    body: { catalogId: 'function', sourceId, enabled: true, ...body },
  });
const attach = (destinationId: string, body: unknown, as: string = DEMO.owner) =>
  callRoute<DestinationView & { error?: { code: string; message: string } }>(insertRoute, {
    as,
    params: { workspaceId: ws, destinationId },
    method: 'PUT',
    body,
  });
const rows = (eventType: string, targetId: string) =>
  db.current.prisma.auditLog.findMany({ where: { workspaceId: ws, eventType, targetId }, orderBy: { seq: 'asc' } });

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_functions_connect' });
  ws = await workspaceId('sunshine-health');
  sourceId = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  const other = await workspaceId('northwind-clinic');
  otherSourceId = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: other } })).id;
});

describe('connecting a Destination Function', () => {
  it('connects a deployed function as a member, stores the secret sealed, and audits both rows', async () => {
    const fn = await deployedFunction('destination', 'Recipe (connect)', DEST_CODE, DEST_SETTINGS);
    const r = await connect(DEMO.member, {
      name: 'Mixpanel via function',
      functionId: fn.id,
      settings: { endpoint: 'https://api.example.com/track', secret: 'a-very-long-hmac-secret-value-1234' },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.function).toMatchObject({ id: fn.id, name: 'Recipe (connect)', deployedVersion: 1 });
    expect(r.body.settings).toEqual({ endpoint: 'https://api.example.com/track' });
    expect(r.body.secrets).toEqual({ secret: { set: true, last4: '1234' } });
    expect(r.text).not.toContain('a-very-long-hmac-secret');
    const stored = await db.current.prisma.destination.findUniqueOrThrow({ where: { id: r.body.id } });
    expect(stored.functionId).toBe(fn.id);
    expect(JSON.stringify(stored)).not.toContain('a-very-long-hmac-secret');

    expect(await rows('destination.created', r.body.id)).toHaveLength(1);
    const [connected] = await rows('function.connected', fn.id);
    expect(connected?.changes).toMatchObject({ destinationId: r.body.id, as: 'destination', version: 1 });
    expect(JSON.stringify(connected?.changes)).not.toContain('hmac-secret');
  });

  it('refuses compliance, undeployed or insert functions, missing settings, and another workspace', async () => {
    const fn = await deployedFunction('destination', 'Recipe (refusals)', DEST_CODE, DEST_SETTINGS);
    const ins = await deployedFunction('insert', 'Insert (refusals)', INSERT_CODE, INSERT_SETTINGS);
    const body = { name: 'Refused', functionId: fn.id, settings: { endpoint: 'https://x.example.com', secret: 's' } };
    expect((await connect(DEMO.compliance, body)).status).toBe(403);
    expect((await connect(DEMO.otherOwner, body)).status).toBe(404);

    const missing = await connect(DEMO.owner, { ...body, settings: { endpoint: 'https://x.example.com' } });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Secret is required');

    const wrongKind = await connect(DEMO.owner, { ...body, name: 'Wrong kind', functionId: ins.id });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error?.message).toContain('is not a Destination Function');

    const draft = await callRoute<FunctionView>(createFunctionRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: { kind: 'destination', name: 'Never deployed', code: DEST_CODE, settings: DEST_SETTINGS },
    });
    const undeployed = await connect(DEMO.owner, { ...body, name: 'Undeployed', functionId: draft.body.id });
    expect(undeployed.status).toBe(400);
    expect(undeployed.body.error?.message).toContain('no deployed version');

    const foreignSource = await connect(DEMO.owner, { ...body, name: 'Foreign', sourceId: otherSourceId });
    expect(foreignSource.status).toBe(404);
    const noFunction = await connect(DEMO.owner, { name: 'No function', settings: {} });
    expect(noFunction.status).toBe(400);
  });

  it('has no built-in hashing or encryption, and edits its settings against the function’s declaration', async () => {
    const fn = await deployedFunction('destination', 'Recipe (edit)', DEST_CODE, DEST_SETTINGS);
    const r = await connect(DEMO.owner, {
      name: 'Function to edit',
      functionId: fn.id,
      settings: { endpoint: 'https://a.example.com', secret: 'first-secret' },
    });
    expect(r.status, r.text).toBe(201);
    const hashing = await callRoute(hashingRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, destinationId: r.body.id },
      method: 'PUT',
      body: { fields: ['email'], mode: 'hmac' },
    });
    expect(hashing.status).toBe(400);
    expect(hashing.text).toContain('no built-in hashing');

    // A blank secret keeps the stored one; the changed endpoint is named in the audit row, not its value.
    const edited = await callRoute<DestinationView>(patchDestinationRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, destinationId: r.body.id },
      method: 'PATCH',
      body: { settings: { endpoint: 'https://b.example.com', secret: '' } },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.settings).toEqual({ endpoint: 'https://b.example.com' });
    expect(edited.body.secrets.secret?.set).toBe(true);
    const [modified] = await rows('destination.modified', r.body.id);
    expect(modified?.changes).toMatchObject({ settingsChanged: ['endpoint'] });

    const removed = await callRoute(deleteDestinationRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, destinationId: r.body.id },
      method: 'DELETE',
      body: { confirmName: 'Function to edit' },
    });
    expect(removed.status).toBe(200);
    const disconnected = await rows('function.disconnected', fn.id);
    expect(disconnected.map((x) => x.changes)).toEqual([
      expect.objectContaining({ destinationId: r.body.id, as: 'destination', reason: 'destination deleted' }),
    ]);
  });
});

describe('attaching an Insert Function', () => {
  it('attaches, edits, clears an optional secret, detaches — each audited — and refuses a function destination', async () => {
    const ins = await deployedFunction('insert', 'Drop a field', INSERT_CODE, INSERT_SETTINGS);
    const hook = await callRoute<DestinationView>(createDestinationRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
      method: 'POST',
      body: {
        catalogId: 'webhook',
        sourceId,
        name: 'Hook with insert',
        settings: { url: 'https://hooks.example.com/in', sharedSecret: 'hook-shared-secret' },
      },
    });
    expect(hook.status, hook.text).toBe(201);
    const id = hook.body.id;

    const bad = await attach(id, { functionId: ins.id, settings: {} });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Property to drop is required');

    const on = await attach(id, { functionId: ins.id, settings: { drop: 'diagnosis', token: 'insert-token-value' } });
    expect(on.status, on.text).toBe(200);
    expect(on.body.insertFunction).toMatchObject({
      id: ins.id,
      settingsValues: { drop: 'diagnosis' },
      secrets: { token: { set: true, last4: 'alue' } },
    });
    expect(on.text).not.toContain('insert-token-value');
    const sealed = await db.current.prisma.destination.findUniqueOrThrow({ where: { id } });
    expect(openSecrets(insertSecretsAad(id), sealed.insertSecretsEnc)).toEqual({ token: 'insert-token-value' });
    // The insert secrets are bound to their own column: the destination's key does not open them.
    expect(() => openSecrets(id, sealed.insertSecretsEnc)).toThrow();

    const same = await attach(id, { functionId: ins.id, settings: { drop: 'diagnosis', token: '' } });
    expect(same.status).toBe(200);
    expect(await rows('destination.modified', id)).toHaveLength(0); // nothing changed, nothing logged

    const cleared = await attach(id, { functionId: ins.id, settings: { drop: 'mrn', token: null } });
    expect(cleared.body.insertFunction?.secrets).toEqual({});
    const [modified] = await rows('destination.modified', id);
    expect(modified?.changes).toMatchObject({ insertSettingsChanged: ['drop', 'token'] });

    const off = await attach(id, { functionId: null });
    expect(off.body.insertFunction).toBeNull();
    expect((await rows('function.connected', ins.id)).map((x) => x.changes)).toEqual([
      expect.objectContaining({ destinationId: id, as: 'insert' }),
    ]);
    expect((await rows('function.disconnected', ins.id)).map((x) => x.changes)).toEqual([
      expect.objectContaining({ destinationId: id, as: 'insert' }),
    ]);

    expect((await attach(id, { functionId: ins.id, settings: { drop: 'x' } }, DEMO.compliance)).status).toBe(403);
    expect((await attach(id, { functionId: ins.id, settings: { drop: 'x' } }, DEMO.otherOwner)).status).toBe(404);

    const fnDest = await connect(DEMO.owner, {
      name: 'Function dest (insert refused)',
      functionId: (await deployedFunction('destination', 'Recipe (insert refused)', DEST_CODE, DEST_SETTINGS)).id,
      settings: { endpoint: 'https://c.example.com', secret: 's' },
    });
    const refused = await attach(fnDest.body.id, { functionId: ins.id, settings: { drop: 'x' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('Destination Function sees every event first');
  });
});
