// Preview of a destination that runs functions: the function runs in capture
// mode (nothing is sent), and each field of the event is found — or not — in
// what would leave. The same answer feeds the PHI warnings.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { startSink, type Sink } from '@/tests/support/pipeline';
import { seedDemo } from '@/lib/server/seed/demo';
import { findFunctionTemplate } from '@/lib/functions/templates';
import { POST as createFunctionRoute } from '@/app/api/workspaces/[workspaceId]/functions/route';
import { POST as deployRoute } from '@/app/api/workspaces/[workspaceId]/functions/[functionId]/deploy/route';
import { POST as createDestinationRoute } from '@/app/api/workspaces/[workspaceId]/destinations/route';
import { PUT as insertRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/insert-function/route';
import { POST as previewRoute } from '@/app/api/workspaces/[workspaceId]/destinations/[destinationId]/preview/route';
import { GET as blastRadiusRoute } from '@/app/api/workspaces/[workspaceId]/blast-radius/route';
import type { FunctionView } from '@/lib/schemas/functions';
import type { DestinationExposure, DestinationView } from '@/lib/schemas/destinations';
import type { PreviewView } from '@/lib/schemas/encryption';

const db = useServerDb();
let ws: string;
let sourceId: string;
let sink: Sink;

async function deployed(template: string, name: string) {
  const t = findFunctionTemplate(template)!;
  const f = await callRoute<FunctionView>(createFunctionRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws },
    method: 'POST',
    body: { kind: t.kind, name, code: t.code, settings: t.settings },
  });
  expect(f.status, f.text).toBe(201);
  const d = await callRoute(deployRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws, functionId: f.body.id },
    method: 'POST',
    body: { versionId: f.body.latest.id },
  });
  expect(d.status, d.text).toBe(200);
  return f.body;
}

async function destination(body: Record<string, unknown>) {
  const r = await callRoute<DestinationView>(createDestinationRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws },
    method: 'POST',
    body: { sourceId, enabled: true, ...body },
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

const preview = (destinationId: string, event: Record<string, unknown>) =>
  callRoute<PreviewView>(previewRoute, {
    as: DEMO.owner,
    params: { workspaceId: ws, destinationId },
    method: 'POST',
    body: { event },
  });

const EVENT = {
  type: 'track',
  event: 'Provider Search',
  userId: 'patient-42',
  properties: { first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com', specialty: 'cardiology' },
};

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_functions_preview' });
  ws = await workspaceId('sunshine-health');
  sourceId = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
  sink = await startSink();
});
afterAll(async () => {
  await sink?.close();
  delete process.env.OUTBOUND_ALLOWLIST;
});

describe('Preview of a Destination Function', () => {
  it('shows the request the recipe would make, sends nothing, and labels each field by what leaves', async () => {
    const fn = await deployed('remove-phi-non-baa', 'Recipe (preview)');
    const dest = await destination({
      catalogId: 'function',
      functionId: fn.id,
      name: 'Mixpanel via recipe (preview)',
      settings: { endpoint: `${sink.url}/never`, secret: 'preview-secret-1' },
    });
    const r = await preview(dest.id, EVENT);
    expect(r.status, r.text).toBe(200);
    expect(sink.requests).toHaveLength(0);

    const [run] = r.body.functions;
    expect(run).toMatchObject({ role: 'destination', name: 'Recipe (preview)', version: 1, outcome: 'ok' });
    expect(run!.requests).toHaveLength(1);
    const body = JSON.parse(run!.requests[0]!.body!) as
      { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[];
    const sent = Array.isArray(body) ? body[0]! : body;
    expect(sent.properties).not.toHaveProperty('first_name');
    expect(sent.properties.email).toBe(
      createHmac('sha256', 'preview-secret-1').update('ada@example.com').digest('hex'),
    );

    const label = (path: string) => r.body.fields.find((f) => f.path === path)?.label;
    expect(label('properties.first_name')).toBe('dropped');
    expect(label('properties.last_name')).toBe('dropped');
    expect(label('properties.email')).toBe('hashed');
    expect(label('properties.specialty')).toBe('clear');
    expect(r.body.warnings.map((w) => w.code)).not.toContain('sensitive_in_clear_without_baa');
    expect(r.body.output).toMatchObject({
      requests: [expect.objectContaining({ method: 'POST', url: `${sink.url}/never` })],
    });
  });

  it('warns when the code sends a Red or Yellow field in clear to a receiver without a BAA', async () => {
    const fn = await deployed('webhook-forwarder', 'Forwarder (preview)');
    const dest = await destination({
      catalogId: 'function',
      functionId: fn.id,
      name: 'Forwarder via function (preview)',
      settings: { url: `${sink.url}/never-either` },
    });
    const r = await preview(dest.id, EVENT);
    expect(r.status, r.text).toBe(200);
    expect(sink.requests).toHaveLength(0);
    const warning = r.body.warnings.find((w) => w.code === 'sensitive_in_clear_without_baa');
    expect(warning?.paths).toEqual(expect.arrayContaining([expect.stringContaining('properties.email')]));
  });
});

describe('Preview of a catalog destination with an Insert Function', () => {
  it('runs the insert before protection and shows what it removed', async () => {
    const ins = await deployed('drop-property', 'Drop specialty (preview)');
    const hook = await destination({
      catalogId: 'webhook',
      name: 'Hook with insert (preview)',
      settings: { url: 'https://hooks.example.com/x', sharedSecret: 'hook-secret-preview' },
    });
    const attached = await callRoute(insertRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, destinationId: hook.id },
      method: 'PUT',
      body: { functionId: ins.id, settings: { property: 'specialty' } },
    });
    expect(attached.status, attached.text).toBe(200);
    const r = await preview(hook.id, EVENT);
    expect(r.status, r.text).toBe(200);
    expect(r.body.functions).toEqual([expect.objectContaining({ role: 'insert', outcome: 'ok' })]);
    expect((r.body.output as { properties: Record<string, unknown> }).properties).not.toHaveProperty('specialty');
    const removed = r.body.fields.find((f) => f.path === 'properties.specialty');
    expect(removed).toMatchObject({ label: 'dropped', note: expect.stringContaining('Insert Function') });
  });
});

describe('the PHI blast radius of function destinations', () => {
  it('comes from running the code on the source’s latest events: what it removes or hashes is not exposed', async () => {
    const prisma = db.current.prisma;
    await prisma.event.create({
      data: {
        workspaceId: ws,
        sourceId,
        messageId: 'blast-fn-1',
        type: 'track',
        eventName: 'Provider Search',
        userId: 'patient-42',
        payload: { ...EVENT, messageId: 'blast-fn-1' },
        timestamp: new Date(),
      },
    });
    for (const [keyPath, normalizedKey] of [
      ['properties.first_name', 'first_name'],
      ['properties.email', 'email'],
    ] as const) {
      const f = await prisma.observedField.create({
        data: { workspaceId: ws, keyPath, normalizedKey, classification: 'yellow' },
      });
      await prisma.observedFieldOccurrence.create({
        data: { workspaceId: ws, fieldId: f.id, sourceId, eventName: 'Provider Search', count: 1 },
      });
    }
    const recipe = await deployed('remove-phi-non-baa', 'Recipe (blast radius)');
    const scrubbed = await destination({
      catalogId: 'function',
      functionId: recipe.id,
      name: 'Recipe destination (blast radius)',
      settings: { endpoint: `${sink.url}/never`, secret: 'blast-secret' },
    });
    const forwarder = await deployed('webhook-forwarder', 'Forwarder (blast radius)');
    const leaky = await destination({
      catalogId: 'function',
      functionId: forwarder.id,
      name: 'Forwarder destination (blast radius)',
      settings: { url: `${sink.url}/never` },
    });
    const r = await callRoute<{ destinations: DestinationExposure[] }>(blastRadiusRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws },
    });
    expect(r.status, r.text).toBe(200);
    const of = (id: string) => r.body.destinations.find((d) => d.destinationId === id)!;
    const treat = (id: string) => Object.fromEntries(of(id).fields.map((f) => [f.keyPath, f.treatment]));
    expect(treat(scrubbed.id)).toEqual({ 'properties.email': 'hashed', 'properties.first_name': 'dropped' });
    expect(of(scrubbed.id).exposed).toEqual([]);
    expect(treat(leaky.id)).toEqual({ 'properties.email': 'clear', 'properties.first_name': 'clear' });
    expect(
      of(leaky.id)
        .exposed.map((f) => f.keyPath)
        .sort(),
    ).toEqual(['properties.email', 'properties.first_name']);
    expect(sink.requests).toHaveLength(0);
  });
});
