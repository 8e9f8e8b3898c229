// The Test panel through the real route: the unsaved code runs for real (fetch
// through the SSRF guard to a loopback sink), against a pasted event or a Source
// Debugger event, with test setting values that are validated and never stored;
// every run writes one "Function Test Run" row before its result is returned, and
// a viewer without PII access sees a debugger event's values masked.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { tablesContaining } from '@/tests/support/db-scan';
import { seedDemo } from '@/lib/server/seed/demo';
import { findFunctionTemplate } from '@/lib/functions/templates';
import { testFunction } from '@/lib/server/functions/test-run';
import { POST as testRoute } from '@/app/api/workspaces/[workspaceId]/functions/test/route';
import type { TestResultView } from '@/lib/schemas/functions';

const db = useServerDb();
const recipe = findFunctionTemplate('remove-phi-non-baa')!;
const SECRET = 'hmac-test-secret-do-not-store';
const EMAIL = ' Ada.Lovelace@Example.com ';

interface Received {
  path: string;
  body: unknown;
}
let sink: { url: string; requests: Received[]; reply: (r: Received) => { status: number; body?: string } };
let server: http.Server;
let ws: string;
let otherWs: string;
let sourceId: string;
let otherSourceId: string;
let older: string;
let latest: string;

const run = (body: unknown, as: string = DEMO.owner) =>
  callRoute<TestResultView>(testRoute, { as, params: { workspaceId: ws }, method: 'POST', body });
const testRows = () =>
  db.current.prisma.auditLog.findMany({
    where: { workspaceId: ws, eventType: 'function.tested' },
    orderBy: { seq: 'asc' },
  });

const trackEvent = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Provider Search',
  userId: 'patient-42',
  messageId: 'm-1',
  properties: { firstName: 'Ada', lastName: 'Lovelace', email: EMAIL, specialty: 'Cardiology' },
  context: { traits: { first_name: 'Ada', email: EMAIL } },
  ...extra,
});

beforeAll(async () => {
  process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
  const requests: Received[] = [];
  sink = { url: '', requests, reply: () => ({ status: 200 }) };
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const r: Received = { path: req.url ?? '/', body: raw ? (JSON.parse(raw) as unknown) : null };
    requests.push(r);
    const answer = sink.reply(r);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body ?? '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_functions_test_run' });
  ws = await workspaceId('sunshine-health');
  otherWs = await workspaceId('northwind-clinic');
  const prisma = db.current.prisma;
  sourceId = (await prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  otherSourceId = (await prisma.source.findFirstOrThrow({ where: { workspaceId: otherWs } })).id;
  const stored = (messageId: string, receivedAt: Date, source = sourceId, workspace = ws) =>
    prisma.event.create({
      data: {
        workspaceId: workspace,
        sourceId: source,
        messageId,
        type: 'track',
        eventName: 'Provider Search',
        userId: 'patient-42',
        payload: trackEvent({ messageId }),
        timestamp: receivedAt,
        receivedAt,
      },
    });
  older = (await stored('older', new Date(Date.now() - 60_000))).id;
  latest = (await stored('latest', new Date())).id;
  await stored('foreign', new Date(), otherSourceId, otherWs);
});

afterAll(async () => {
  delete process.env.OUTBOUND_ALLOWLIST;
  await new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
});

afterEach(() => {
  sink.requests.length = 0;
  sink.reply = () => ({ status: 200 });
});

const recipeInput = (values: Record<string, unknown>, source: Record<string, unknown>) => ({
  kind: 'destination',
  code: recipe.code,
  settings: recipe.settings,
  values,
  ...source,
});

describe('a pasted event', () => {
  it('runs the recipe for real: the sink gets the event without names and the email as Node’s HMAC', async () => {
    const before = (await testRows()).length;
    const r = await run(recipeInput({ endpoint: `${sink.url}/in`, secret: SECRET }, { event: trackEvent() }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ outcome: 'ok', delivery: 'delivered', errorType: null });
    expect(r.body.input).toEqual({ kind: 'pasted', eventId: null, masked: false });
    expect(r.body.fetches).toHaveLength(1);
    expect(r.body.fetches[0]).toMatchObject({ method: 'POST', url: `${sink.url}/in`, status: 200 });

    expect(sink.requests).toHaveLength(1);
    const [sent] = sink.requests[0]!.body as Record<string, Record<string, Record<string, unknown>>>[];
    const hmac = createHmac('sha256', SECRET).update(EMAIL.trim().toLowerCase()).digest('hex');
    expect(sent!.properties).toEqual({ email: hmac, specialty: 'Cardiology' });
    expect(sent!.context!.traits).toEqual({ email: hmac });
    expect(r.body.returned).toEqual(sent);

    const rows = await testRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      targetType: 'function_test',
      targetId: null,
      endUserId: null,
      changes: { input: 'pasted', eventId: null, kind: 'destination', masked: false },
    });
    // The test secret and the event's values are used for the call and stored nowhere.
    expect(await tablesContaining(db.current.raw, SECRET)).toEqual([]);
    expect(await tablesContaining(db.current.raw, 'Lovelace')).toEqual(['Event']);
  });

  it('validates the test values against the declared settings, with field paths, before anything runs', async () => {
    const before = (await testRows()).length;
    const missing = await run(recipeInput({ endpoint: `${sink.url}/in` }, { event: trackEvent() }));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('"path":"values.secret"');
    const wrongType = await run(recipeInput({ endpoint: 5, secret: SECRET }, { event: trackEvent() }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.text).toContain('"path":"values.endpoint"');
    const unknown = await run(recipeInput({ endpoint: 'x', secret: SECRET, nope: 1 }, { event: trackEvent() }));
    expect(unknown.status).toBe(400);
    const neither = await run(recipeInput({ endpoint: 'x', secret: SECRET }, {}));
    expect(neither.status).toBe(400);
    expect(neither.text).toContain('Paste an event');
    const both = await run(recipeInput({}, { event: trackEvent(), sample: { sourceId } }));
    expect(both.status).toBe(400);
    expect(sink.requests).toHaveLength(0);
    expect(await testRows()).toHaveLength(before);
    expect(await tablesContaining(db.current.raw, SECRET)).toEqual([]);
  });

  it('maps outcomes to what delivery would record', async () => {
    const values = { endpoint: `${sink.url}/in`, secret: SECRET };
    sink.reply = () => ({ status: 503 });
    const retry = await run(recipeInput(values, { event: trackEvent() }));
    expect(retry.body).toMatchObject({ outcome: 'retry', delivery: 'retrying', errorType: 'RetryError' });
    sink.reply = () => ({ status: 400 });
    const failed = await run(recipeInput(values, { event: trackEvent() }));
    expect(failed.body).toMatchObject({ outcome: 'failed', delivery: 'failed', errorType: 'ValidationError' });
    const alias = await run(recipeInput(values, { event: { type: 'alias', previousId: 'a' } }));
    expect(alias.body).toMatchObject({ outcome: 'not_supported', delivery: 'filtered', returned: null });
    // A private address is refused by the SSRF guard (only 127.0.0.1 is allow-listed here).
    const refused = await run(recipeInput({ ...values, endpoint: 'http://10.1.2.3/in' }, { event: trackEvent() }));
    expect(refused.body).toMatchObject({ outcome: 'failed', delivery: 'failed', errorType: 'FetchRefused' });
  });

  it('an Insert function returns the event passed on, or null when it drops it', async () => {
    const code = `function onTrack(event) {
  if (event.properties.drop) return null;
  delete event.properties.email;
  console.log('kept', event.event);
  return event;
}`;
    const kept = await run({ kind: 'insert', code, event: trackEvent() });
    expect(kept.body).toMatchObject({ outcome: 'ok', delivery: 'delivered' });
    expect((kept.body.returned as { properties: Record<string, unknown> }).properties).not.toHaveProperty('email');
    expect(kept.body.logs).toEqual([{ level: 'log', message: 'kept Provider Search' }]);
    const dropped = await run({ kind: 'insert', code, event: trackEvent({ properties: { drop: true } }) });
    expect(dropped.body).toMatchObject({ outcome: 'dropped', delivery: 'filtered', returned: null });
    const broken = await run({ kind: 'insert', code: 'function onTrack( {', event: trackEvent() });
    expect(broken.body).toMatchObject({ outcome: 'failed', errorType: 'LoadError' });
  });
});

describe('a Source Debugger event', () => {
  it('runs the latest event when none is named, and records which one was read', async () => {
    const r = await run(recipeInput({ endpoint: `${sink.url}/in`, secret: SECRET }, { sample: { sourceId } }));
    expect(r.status, r.text).toBe(200);
    expect(r.body.input).toEqual({ kind: 'debugger', eventId: latest, masked: false });
    expect((sink.requests[0]!.body as { messageId: string }[])[0]!.messageId).toBe('latest');
    expect((await testRows()).at(-1)).toMatchObject({
      targetType: 'event',
      targetId: latest,
      endUserId: 'patient-42',
      changes: { input: 'debugger', sourceId, eventId: latest, kind: 'destination', masked: false },
    });

    const named = await run({
      kind: 'insert',
      code: 'function onTrack(e) { return e; }',
      sample: { sourceId, eventId: older },
    });
    expect(named.body.input.eventId).toBe(older);
    expect((named.body.returned as { messageId: string }).messageId).toBe('older');
  });

  it('404s a source or event outside this workspace (and a source without events), writing no row', async () => {
    const before = (await testRows()).length;
    const code = 'function onTrack(e) { return e; }';
    const foreignSource = await run({ kind: 'insert', code, sample: { sourceId: otherSourceId } });
    expect(foreignSource.status).toBe(404);
    expect(foreignSource.text).toContain('"path":"sample.sourceId"');
    const foreignEvent = (await db.current.prisma.event.findFirstOrThrow({ where: { workspaceId: otherWs } })).id;
    expect((await run({ kind: 'insert', code, sample: { sourceId, eventId: foreignEvent } })).status).toBe(404);
    const empty = await db.current.prisma.source.create({ data: { workspaceId: ws, name: 'Empty', type: 'website' } });
    expect((await run({ kind: 'insert', code, sample: { sourceId: empty.id } })).status).toBe(404);
    expect((await run({ kind: 'insert', code, sample: { sourceId: 'not-a-uuid' } })).status).toBe(400);
    expect(await testRows()).toHaveLength(before);
  });

  it('masks values, logs and echoed bodies for a viewer without PII access, and says so', async () => {
    // No role that may write functions lacks PII access today, so the route refuses a member
    // outright; the server function is called with the member's real context to show the
    // masking that applies whenever such a viewer runs a test.
    expect(
      (await run({ kind: 'insert', code: 'function onTrack(e) { return e; }', sample: { sourceId } }, DEMO.member))
        .status,
    ).toBe(403);
    sink.reply = (req) => ({ status: 200, body: JSON.stringify(req.body) });
    const member = await ctxFor(DEMO.member, 'sunshine-health');
    const code = `async function onTrack(event, settings) {
  console.log(event.properties.email);
  await fetch(settings.url + '?email=' + encodeURIComponent(event.properties.email), { method: 'POST', body: JSON.stringify(event) });
  return event;
}`;
    const r = await testFunction(member, {
      kind: 'insert',
      code,
      settings: [{ name: 'url', label: 'URL', type: 'string', required: true }],
      values: { url: `${sink.url}/echo` },
      sample: { sourceId, eventId: latest },
    });
    expect(r.input).toEqual({ kind: 'debugger', eventId: latest, masked: true });
    expect(r.outcome).toBe('ok');
    // The function itself saw the real event: what it sent is unmasked.
    expect((sink.requests[0]!.body as { properties: { email: string } }).properties.email).toBe(EMAIL);
    const shown = JSON.stringify(r);
    expect(shown).not.toContain('Ada.Lovelace');
    expect(shown).not.toContain('patient-42');
    expect(shown).not.toContain('Lovelace');
    const returned = r.returned as { properties: Record<string, unknown>; userId: string; event: string };
    expect(returned.properties.email).toMatch(/^•+ \(\d+ chars\)$/);
    expect(returned.properties.specialty).toBe('Cardiology');
    expect(returned.event).toBe('Provider Search');
    expect(r.fetches[0]!.url).toBe(
      `${sink.url}/echo?${'•'.repeat(8)} (${`email=${encodeURIComponent(EMAIL)}`.length} chars)`,
    );
    expect(JSON.parse(r.fetches[0]!.responseBody!)).toMatchObject({ properties: { specialty: 'Cardiology' } });
    expect((await testRows()).at(-1)).toMatchObject({
      actorUserId: member.user.id,
      changes: { input: 'debugger', eventId: latest, masked: true },
    });
  });
});

describe('roles', () => {
  it('only owners run tests; another tenant gets 404', async () => {
    const body = { kind: 'insert', code: 'function onTrack(e) { return e; }', event: { type: 'track' } };
    expect((await run(body, DEMO.compliance)).status).toBe(403);
    expect((await run(body, DEMO.member)).status).toBe(403);
    expect((await run(body, DEMO.otherOwner)).status).toBe(404);
    expect((await callRoute(testRoute, { as: null, params: { workspaceId: ws }, method: 'POST', body })).status).toBe(
      401,
    );
    expect((await run(body)).status).toBe(200);
  });
});
