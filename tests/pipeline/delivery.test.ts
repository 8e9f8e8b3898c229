// Delivery through the SKIP LOCKED outbox to real HTTP sinks: webhook signing,
// the protection transform (decrypted with the private key), consent, retries
// with Retry-After, dead letters and Replay, SSRF refusal, crash recovery.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { basic, post, seedDestination, seedSource, type Sink, type TestServer } from '@/tests/support/pipeline';
import { usePipelineHarness } from '@/tests/support/pipeline-harness';
import { drain } from '@/tests/support/pipeline-worker';
import { decryptEvent, loadPrivateKey } from '@/lib/crypto/decrypt-event';
import { hashValue, normalizeForHash } from '@/lib/crypto/hashing';
import { claimDeliveries, finishDeliveries } from '@/lib/server/delivery/queue';
import { webhookSignature } from '@/lib/server/destinations/senders/webhook';

const db = useServerDb();
let server: TestServer;
let sink: Sink;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

usePipelineHarness((s, k) => {
  server = s;
  sink = k;
});

async function send(writeKey: string, batch: Record<string, unknown>[]) {
  const r = await post(
    server,
    '/v1/batch',
    { batch: batch.map((m) => ({ type: 'track', userId: 'user-1', event: 'Visit', ...m })) },
    { authorization: basic(writeKey) },
  );
  expect(r.status).toBe(200);
}

const deliveriesOf = (destinationId: string) =>
  db.current.prisma.delivery.findMany({ where: { destinationId }, orderBy: { createdAt: 'asc' } });

describe('webhook delivery with the protection transform', () => {
  it('signs the body, encrypts and hashes the configured fields, and records the attempt', async () => {
    const src = await seedSource();
    const url = `${sink.url}/hook`;
    const enc = await seedDestination(src, {
      name: 'Encrypting',
      settings: { url: `${url}/enc` },
      secrets: { sharedSecret: 'whsec-1' },
      encrypt: { fields: ['email', 'phone', 'first_name'], publicKeyPem: publicPem },
    });
    const hash = await seedDestination(src, {
      name: 'Hashing',
      settings: { url: `${url}/hash` },
      secrets: { sharedSecret: 'whsec-2' },
      hash: { fields: ['email', 'phone'] },
    });
    await send(src.writeKey, [
      {
        messageId: 'tx-1',
        properties: { email: 'Pat@Example.com', phone: '(555) 010-2000', firstName: 'Pat', plan: 'gold' },
      },
    ]);
    await drain({ cfg: { storePayload: 'all' } });

    const encReq = sink.requests.find((r) => r.path === '/hook/enc')!;
    expect(encReq.headers['x-signature']).toBe(webhookSignature('whsec-1', encReq.raw));
    expect(encReq.headers['x-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec-1').update(encReq.raw).digest('hex')}`,
    );
    const sent = encReq.body as { properties: Record<string, unknown>; context: { encryption: { fields: string[] } } };
    expect(encReq.raw).not.toContain('Pat@Example.com');
    expect(sent.properties.plan).toBe('gold');
    expect(sent.context.encryption.fields.sort()).toEqual([
      'properties.email',
      'properties.firstName',
      'properties.phone',
    ]);
    const clear = decryptEvent(sent, loadPrivateKey(privatePem)).event as { properties: Record<string, unknown> };
    expect(clear.properties).toMatchObject({ email: 'Pat@Example.com', phone: '(555) 010-2000', firstName: 'Pat' });

    const hashReq = sink.requests.find((r) => r.path === '/hook/hash')!;
    const hp = (hashReq.body as { properties: Record<string, string> }).properties;
    const secret = Buffer.from(hash.hmacHex!, 'hex');
    expect(hp.email).toBe(hashValue(normalizeForHash('email', 'Pat@Example.com'), 'hmac', secret));
    expect(hp.phone).toBe(hashValue('+15550102000', 'hmac', secret));
    expect(hp.firstName).toBe('Pat');

    const [d] = await deliveriesOf(enc.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
    // What is kept is what was sent: the protected event.
    expect(d!.payload).toMatchObject({ context: { encryption: { alg: 'RSA-OAEP-256' } } });
    expect(JSON.stringify(d!.payload)).not.toContain('Pat@Example.com');
    const attempts = await db.current.prisma.deliveryAttempt.findMany({ where: { deliveryId: d!.id } });
    expect(attempts).toMatchObject([{ outcome: 'delivered', statusCode: 200 }]);
  });
});

describe('webhook batching', () => {
  it('sends up to batchSize events per POST as a signed JSON array, and keeps no payload of delivered events by default', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, {
      settings: { url: `${sink.url}/batched`, batchSize: 3 },
      secrets: { sharedSecret: 'whsec-b' },
    });
    await send(
      src.writeKey,
      Array.from({ length: 7 }, (_, i) => ({ messageId: `b-${i}` })),
    );
    await drain();
    const reqs = sink.requests.filter((r) => r.path === '/batched');
    expect(reqs.map((r) => (r.body as unknown[]).length).sort()).toEqual([1, 3, 3]);
    for (const r of reqs) expect(r.headers['x-signature']).toBe(webhookSignature('whsec-b', r.raw));
    const rows = await deliveriesOf(dest.id);
    expect(rows.every((r) => r.status === 'delivered' && r.payload === null)).toBe(true);
  });
});

describe('consent gate', () => {
  it('follows Segment semantics for mapped, multi-category and unmapped destinations', async () => {
    const src = await seedSource();
    const mk = (name: string, consentCategories: string[]) =>
      seedDestination(src, { name, consentCategories, settings: { url: `${sink.url}/consent/${name}` } });
    const none = await mk('unmapped', []);
    const one = await mk('analytics', ['C1']);
    const two = await mk('ads', ['C1', 'C2']);
    await send(src.writeKey, [
      { messageId: 'c-absent' },
      { messageId: 'c-empty', context: { consent: { categoryPreferences: {} } } },
      { messageId: 'c-c1', context: { consent: { categoryPreferences: { C1: true, C2: false } } } },
      { messageId: 'c-both', context: { consent: { categoryPreferences: { C1: true, C2: true } } } },
      { messageId: 'c-integrations', integrations: { All: false, analytics: true } },
    ]);
    await drain();
    const statuses = async (id: string) => {
      const rows = await db.current.prisma.delivery.findMany({
        where: { destinationId: id },
        select: { status: true, eventId: true },
      });
      const events = await db.current.prisma.event.findMany({
        where: { id: { in: rows.map((r) => r.eventId) } },
        select: { id: true, messageId: true },
      });
      const mid = new Map(events.map((e) => [e.id, e.messageId]));
      return Object.fromEntries(rows.map((r) => [mid.get(r.eventId), r.status]));
    };
    expect(await statuses(none.id)).toEqual({
      'c-absent': 'delivered',
      'c-empty': 'delivered',
      'c-c1': 'delivered',
      'c-both': 'delivered',
      'c-integrations': 'filtered',
    });
    expect(await statuses(one.id)).toEqual({
      'c-absent': 'delivered',
      'c-empty': 'filtered',
      'c-c1': 'delivered',
      'c-both': 'delivered',
      'c-integrations': 'delivered',
    });
    expect(await statuses(two.id)).toEqual({
      'c-absent': 'delivered',
      'c-empty': 'filtered',
      'c-c1': 'filtered',
      'c-both': 'delivered',
      'c-integrations': 'filtered',
    });
    const filtered = await db.current.prisma.delivery.findFirstOrThrow({
      where: { destinationId: two.id, status: 'filtered', lastError: { contains: 'consent' } },
    });
    expect(filtered.lastError).toMatch(/C2 not granted/);
  });

  it('blocks events without a consent object from mapped destinations when the workspace says so', async () => {
    const src = await seedSource({ blockEventsWithoutConsent: true });
    const mapped = await seedDestination(src, { consentCategories: ['C1'], settings: { url: `${sink.url}/strict` } });
    const unmapped = await seedDestination(src, { settings: { url: `${sink.url}/strict-open` } });
    await send(src.writeKey, [
      { messageId: 's-absent' },
      { messageId: 's-granted', context: { consent: { categoryPreferences: { C1: true } } } },
    ]);
    await drain();
    expect((await deliveriesOf(mapped.id)).map((d) => d.status).sort()).toEqual(['delivered', 'filtered']);
    expect((await deliveriesOf(unmapped.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });
});

describe('retries, dead letters and replay', () => {
  it('a sink answering 500 then 429 (Retry-After) then 200 gets every event, once', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/flaky` } });
    const seen = new Map<string, number>();
    sink.reply = (req) => {
      if (req.path !== '/flaky') return { status: 200 };
      const id = (req.body as { messageId: string }).messageId;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n === 1) return { status: 500 };
      if (n === 2) return { status: 429, headers: { 'retry-after': '1' } };
      return { status: 200 };
    };
    await send(
      src.writeKey,
      Array.from({ length: 20 }, (_, i) => ({ messageId: `flaky-${i}` })),
    );
    const t0 = Date.now();
    await drain({ untilSettled: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // Retry-After: 1 was honoured
    const rows = await deliveriesOf(dest.id);
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 3)).toBe(true);
    for (let i = 0; i < 20; i++) expect(sink.delivered.has(`flaky-${i}`)).toBe(true);
    const outcomes = await db.current.prisma.deliveryAttempt.groupBy({
      by: ['outcome'],
      where: { destinationId: dest.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(outcomes.map((o) => [o.outcome, o._count._all]))).toEqual({
      retrying: 40,
      delivered: 20,
    });
  });

  it('fails permanently on a 4xx, dead-letters after the retry budget, and Replay delivers both', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/down` } });
    let mode: 'broken' | 'ok' = 'broken';
    sink.reply = (req) =>
      req.path !== '/down' || mode === 'ok'
        ? { status: 200 }
        : (req.body as { messageId: string }).messageId === 'bad-request'
          ? { status: 400 }
          : { status: 503 };
    await send(src.writeKey, [{ messageId: 'bad-request' }, { messageId: 'unavailable' }]);
    await drain({ untilSettled: true, cfg: { maxAttempts: 3 } });
    const rows = await deliveriesOf(dest.id);
    expect(Object.fromEntries(rows.map((r) => [r.lastStatus, r.status]))).toEqual({ 400: 'failed', 503: 'dead' });
    expect(rows.find((r) => r.status === 'dead')!.lastError).toMatch(/Gave up after 3 attempts/);

    mode = 'ok';
    const { replayDeliveries } = await import('@/lib/server/delivery/replay');
    const { ctxForWorkspace } = await import('@/tests/support/pipeline-worker');
    const ctx = await ctxForWorkspace(src.workspaceId, 'owner');
    const beforeReplay = Date.now();
    expect(await replayDeliveries(ctx, dest.id, {})).toEqual({ replayed: 2 });
    await drain({ untilSettled: true });
    const after = await deliveriesOf(dest.id);
    expect(after.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    // History is kept: createdAt is when the delivery was first queued; the replay has its own time.
    for (const r of after) {
      expect(r.createdAt).toEqual(rows.find((x) => x.id === r.id)!.createdAt);
      expect(r.replayedAt!.getTime()).toBeGreaterThanOrEqual(beforeReplay - 1000);
    }
    const audit = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: src.workspaceId, eventType: 'destination.delivery_replayed' },
    });
    expect(audit.changes).toEqual({ replayed: 2, scope: 'all_dead_and_failed' });
  });
});

describe('max age after Replay', () => {
  it('counts from the replay, not from when the delivery was first queued', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/aged` } });
    sink.reply = (req) => (req.path === '/aged' ? { status: 503 } : { status: 200 });
    await send(src.writeKey, [{ messageId: 'aged-1' }]);
    // Queued five hours ago and dead-lettered (max age is 4 hours).
    await db.current.prisma.delivery.updateMany({
      where: { destinationId: dest.id },
      data: { status: 'dead', createdAt: new Date(Date.now() - 5 * 3600 * 1000) },
    });
    const { replayDeliveries } = await import('@/lib/server/delivery/replay');
    const { ctxForWorkspace } = await import('@/tests/support/pipeline-worker');
    expect(await replayDeliveries(await ctxForWorkspace(src.workspaceId, 'owner'), dest.id, {})).toEqual({
      replayed: 1,
    });
    await drain({ cfg: { maxAgeMs: 4 * 3600 * 1000 } });
    const [row] = await deliveriesOf(dest.id);
    // One failed attempt after the replay: another try, not "too old".
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, lastStatus: 503 });
    expect(Date.now() - row!.createdAt.getTime()).toBeGreaterThan(4 * 3600 * 1000);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback, private and metadata addresses unless allow-listed', async () => {
    // Every other test allow-lists 127.0.0.1 for its sink; this one runs without it.
    process.env.OUTBOUND_ALLOWLIST = '';
    const src = await seedSource();
    const targets = [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/hook',
      `http://localhost:${new URL(sink.url).port}/ssrf`,
      'http://[::1]/hook',
    ];
    const dests = await Promise.all(targets.map((url) => seedDestination(src, { settings: { url } })));
    const before = sink.requests.length;
    await send(src.writeKey, [{ messageId: 'ssrf-1' }]);
    await drain({ untilSettled: true });
    for (const d of dests) {
      const [row] = await deliveriesOf(d.id);
      expect(row).toMatchObject({ status: 'failed' });
      expect(row!.lastError).toMatch(/private or reserved address/);
    }
    expect(sink.requests.length).toBe(before);
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
  });
});

describe('crash recovery and concurrent workers', () => {
  it('re-claims rows whose worker died, and fences the dead worker out', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/recover` } });
    await send(src.writeKey, [{ messageId: 'crash-1' }, { messageId: 'crash-2' }]);
    // A worker claims with a short lock and "dies" before recording anything.
    const stale = await claimDeliveries(db.current.prisma, 100, 0.3);
    expect(stale.filter((r) => r.destinationId === dest.id)).toHaveLength(2);
    expect(await claimDeliveries(db.current.prisma, 100, 0.3)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 400));
    await drain({ untilSettled: true });
    expect((await deliveriesOf(dest.id)).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
    // The dead worker wakes up and tries to record a failure: its fencing token is stale.
    const n = await finishDeliveries(
      db.current.prisma,
      stale.map((r) => ({
        id: r.id,
        attempts: r.attempts,
        status: 'failed',
        retryInMs: null,
        lastError: 'late',
        lastStatus: 500,
        payloadJson: null,
      })),
      [],
    );
    expect(n).toBe(0);
    expect((await deliveriesOf(dest.id)).every((r) => r.status === 'delivered')).toBe(true);
  });

  it('several workers share the queue without delivering anything twice', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { settings: { url: `${sink.url}/shared` } });
    const ids = Array.from({ length: 300 }, (_, i) => `shared-${i}`);
    await send(
      src.writeKey,
      ids.map((messageId) => ({ messageId })),
    );
    await Promise.all([
      drain({ cfg: { batchSize: 25 } }),
      drain({ cfg: { batchSize: 25 } }),
      drain({ cfg: { batchSize: 25 } }),
    ]);
    const got = sink.requests
      .filter((r) => r.path === '/shared')
      .map((r) => (r.body as { messageId: string }).messageId);
    expect(got.sort()).toEqual([...ids].sort());
    expect((await deliveriesOf(dest.id)).every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
  });
});
