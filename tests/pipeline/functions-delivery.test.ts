// Destination Functions and Insert Functions through the real delivery pipeline:
// ingest → outbox → worker → sandbox → fetch through the SSRF guard → a loopback
// sink. The recipe's output is checked against Node's own HMAC.
import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  type SeededSource,
  type Sink,
  type TestServer,
} from '@/tests/support/pipeline';
import { usePipelineHarness } from '@/tests/support/pipeline-harness';
import { drain } from '@/tests/support/pipeline-worker';
import { findFunctionTemplate } from '@/lib/functions/templates';
import { checkFunctionCode } from '@/lib/server/functions/sandbox';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { insertSecretsAad, sealSecrets } from '@/lib/server/destinations/secrets';
import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';

const db = useServerDb();
let server: TestServer;
let sink: Sink;
usePipelineHarness((s, k) => {
  server = s;
  sink = k;
});

const recipe = findFunctionTemplate('remove-phi-non-baa')!;
const dropProperty = findFunctionTemplate('drop-property')!;

/** A function with one deployed version, stored as the console stores it. */
async function seedFunction(
  src: SeededSource,
  o: { kind: FunctionKind; code: string; settings?: FunctionSettingDef[]; name?: string },
): Promise<string> {
  const check = await checkFunctionCode(o.code);
  expect(check.ok, JSON.stringify(check)).toBe(true);
  const prisma = db.current.prisma;
  const fn = await prisma.userFunction.create({
    data: { workspaceId: src.workspaceId, kind: o.kind, name: o.name ?? `fn-${randomUUID().slice(0, 6)}` },
  });
  const v = await prisma.userFunctionVersion.create({
    data: {
      workspaceId: src.workspaceId,
      functionId: fn.id,
      number: 1,
      code: o.code,
      settingsSchema: (o.settings ?? []) as object[],
      handlers: check.ok ? check.handlers : [],
    },
  });
  await prisma.userFunction.update({ where: { id: fn.id }, data: { deployedVersionId: v.id, deployedAt: new Date() } });
  return fn.id;
}

async function connect(
  src: SeededSource,
  functionId: string,
  settings: Record<string, unknown>,
  secrets: Record<string, string>,
) {
  const d = await seedDestination(src, { catalogId: 'function', settings, secrets });
  await db.current.prisma.destination.update({ where: { id: d.id }, data: { functionId } });
  invalidateDestinationRuntime();
  return d.id;
}

async function send(src: SeededSource, events: Record<string, unknown>[]) {
  const r = await post(server, '/v1/batch', { batch: events }, { authorization: basic(src.writeKey) });
  expect(r.status).toBe(200);
}

const deliveries = (destinationId: string) =>
  db.current.prisma.delivery.findMany({ where: { destinationId }, orderBy: { createdAt: 'asc' } });
const attempts = (destinationId: string) =>
  db.current.prisma.deliveryAttempt.findMany({ where: { destinationId }, orderBy: { startedAt: 'asc' } });

describe('a Destination Function', () => {
  it('runs the recipe: the endpoint receives the event without names and with the HMAC of the email', async () => {
    const src = await seedSource();
    const fnId = await seedFunction(src, { kind: 'destination', code: recipe.code, settings: recipe.settings });
    const destId = await connect(src, fnId, { endpoint: `${sink.url}/mixpanel` }, { secret: 'recipe-secret-1' });
    await send(src, [
      {
        type: 'track',
        event: 'Provider Search',
        userId: 'patient-7',
        messageId: 'fn-recipe-1',
        properties: { first_name: 'Ada', lastname: 'Lovelace', email: ' Ada@Example.com ', specialty: 'cardiology' },
      },
    ]);
    await drain();

    const req = sink.requests.find((r) => r.path === '/mixpanel');
    expect(req, 'the function POSTed to its endpoint').toBeDefined();
    expect(req!.raw).not.toContain('Ada');
    expect(req!.raw).not.toContain('Lovelace');
    const sent = (Array.isArray(req!.body) ? req!.body[0] : req!.body) as { properties: Record<string, unknown> };
    expect(sent.properties).not.toHaveProperty('first_name');
    expect(sent.properties).not.toHaveProperty('lastname');
    expect(sent.properties.specialty).toBe('cardiology');
    expect(sent.properties.email).toBe(createHmac('sha256', 'recipe-secret-1').update('ada@example.com').digest('hex'));

    const [d] = await deliveries(destId);
    expect(d!.status).toBe('delivered');
    const [a] = await attempts(destId);
    const log = a!.functionLog as { function: string; fetches: { method: string; url: string; status: number }[] };
    expect(log.fetches).toEqual([
      expect.objectContaining({ method: 'POST', url: `${sink.url}/mixpanel`, status: 200 }),
    ]);
  });

  it('retries on RetryError (a 503), filters DropEvent and events without a handler, and fails other throws', async () => {
    const src = await seedSource();
    const code = `
      async function onTrack(event, settings) {
        if (event.event === 'Drop me') throw new DropEvent('not for this tool');
        if (event.event === 'Bad') throw new TypeError('boom ' + event.properties.n);
        const r = await fetch(settings.url, { method: 'POST', body: JSON.stringify(event) });
        if (r.status >= 500) throw new RetryError('busy ' + r.status);
        return { status: r.status };
      }`;
    const fnId = await seedFunction(src, {
      kind: 'destination',
      code,
      settings: [{ name: 'url', label: 'URL', type: 'string', required: true }],
    });
    const destId = await connect(src, fnId, { url: `${sink.url}/busy` }, {});
    sink.reply = (r) => (r.path === '/busy' ? { status: 503 } : { status: 200 });
    await send(src, [
      { type: 'track', event: 'Visit', userId: 'u', messageId: 'fn-o-1' },
      { type: 'track', event: 'Drop me', userId: 'u', messageId: 'fn-o-2' },
      { type: 'track', event: 'Bad', userId: 'u', messageId: 'fn-o-3', properties: { n: 3 } },
      { type: 'identify', userId: 'u', messageId: 'fn-o-4', traits: { plan: 'x' } },
    ]);
    await drain();
    const byMessage = new Map<string, { status: string; lastError: string | null }>();
    const events = await db.current.prisma.event.findMany({ where: { sourceId: src.sourceId } });
    for (const d of await deliveries(destId)) {
      const e = events.find((x) => x.id === d.eventId)!;
      byMessage.set(e.messageId, { status: d.status, lastError: d.lastError });
    }
    expect(byMessage.get('fn-o-1')).toMatchObject({
      status: 'retrying',
      lastError: expect.stringContaining('busy 503'),
    });
    expect(byMessage.get('fn-o-2')).toMatchObject({
      status: 'filtered',
      lastError: expect.stringContaining('DropEvent'),
    });
    expect(byMessage.get('fn-o-3')).toMatchObject({ status: 'failed', lastError: 'TypeError: boom 3' });
    expect(byMessage.get('fn-o-4')).toMatchObject({
      status: 'filtered',
      lastError: expect.stringContaining('onIdentify'),
    });
  });

  it('fails only the event that loops forever; the function recovers for the next one', async () => {
    const src = await seedSource();
    const code = `
      async function onTrack(event, settings) {
        if (event.event === 'Loop') { while (true) {} }
        await fetch(settings.url, { method: 'POST', body: JSON.stringify(event) });
      }`;
    const fnId = await seedFunction(src, {
      kind: 'destination',
      code,
      settings: [{ name: 'url', label: 'URL', type: 'string', required: true }],
    });
    const destId = await connect(src, fnId, { url: `${sink.url}/loop` }, {});
    await send(src, [
      { type: 'track', event: 'Loop', userId: 'u', messageId: 'fn-l-1' },
      { type: 'track', event: 'Fine', userId: 'u', messageId: 'fn-l-2' },
    ]);
    await drain();
    const statuses = (await deliveries(destId)).map((d) => [d.status, d.lastError]);
    expect(statuses).toContainEqual(['failed', expect.stringMatching(/time limit/i)]);
    expect(statuses).toContainEqual(['delivered', null]);
    expect(sink.requests.filter((r) => r.path === '/loop')).toHaveLength(1);
  });
});

describe('an Insert Function', () => {
  it('runs after consent and before hashing: the property is gone and the email hashed', async () => {
    const src = await seedSource();
    const fnId = await seedFunction(src, { kind: 'insert', code: dropProperty.code, settings: dropProperty.settings });
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/insert` }, hash: { fields: ['email'] } });
    await db.current.prisma.destination.update({
      where: { id: dest.id },
      data: {
        insertFunctionId: fnId,
        insertSettings: { property: 'diagnosis' },
        insertSecretsEnc: sealSecrets(insertSecretsAad(dest.id), {}),
      },
    });
    invalidateDestinationRuntime();
    await send(src, [
      {
        type: 'track',
        event: 'Visit',
        userId: 'u',
        messageId: 'ins-1',
        properties: { email: 'pat@example.com', diagnosis: 'flu', plan: 'gold' },
      },
    ]);
    await drain();
    const req = sink.requests.find((r) => r.path === '/insert')!;
    const props = (req.body as { properties: Record<string, unknown> }).properties;
    expect(props).not.toHaveProperty('diagnosis');
    expect(props.plan).toBe('gold');
    expect(props.email).not.toBe('pat@example.com');
    expect(String(props.email)).toMatch(/^[0-9a-f]{64}$/);
    const [a] = await attempts(dest.id);
    expect(a!.outcome).toBe('delivered');
    expect((a!.functionLog as { outcome: string }).outcome).toBe('ok');
  });

  it('drops the event when it returns null, and fails it when it throws', async () => {
    const src = await seedSource();
    const code = `
      function onTrack(event) {
        if (event.event === 'Secret') return null;
        if (event.event === 'Broken') throw new Error('cannot map ' + event.event);
        return event;
      }`;
    const fnId = await seedFunction(src, { kind: 'insert', code });
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/insert2` } });
    await db.current.prisma.destination.update({ where: { id: dest.id }, data: { insertFunctionId: fnId } });
    invalidateDestinationRuntime();
    await send(src, [
      { type: 'track', event: 'Secret', userId: 'u', messageId: 'ins-2a' },
      { type: 'track', event: 'Broken', userId: 'u', messageId: 'ins-2b' },
      { type: 'track', event: 'Fine', userId: 'u', messageId: 'ins-2c' },
    ]);
    await drain();
    const rows = (await deliveries(dest.id)).map((d) => [d.status, d.lastError]);
    expect(rows).toContainEqual(['filtered', expect.stringContaining('Dropped by the function')]);
    expect(rows).toContainEqual(['failed', expect.stringContaining('cannot map Broken')]);
    expect(rows).toContainEqual(['delivered', null]);
    expect(sink.requests.filter((r) => r.path === '/insert2')).toHaveLength(1);
  });
});
