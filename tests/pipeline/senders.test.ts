// The non-webhook senders against real HTTP: Mixpanel /import and /engage (with
// strict-mode partial failures), Amplitude HTTP V2, and the Segment-compatible
// forwarder, which is pointed at our own tracking API: events land, protected, in
// a second source.
import { describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { basic, post, seedDestination, seedSource, type Sink, type TestServer } from '@/tests/support/pipeline';
import { usePipelineHarness } from '@/tests/support/pipeline-harness';
import { drain } from '@/tests/support/pipeline-worker';
import { insertId } from '@/lib/server/destinations/senders/mixpanel';

const db = useServerDb();
let server: TestServer;
let sink: Sink;

usePipelineHarness((s, k) => {
  server = s;
  sink = k;
});

async function send(writeKey: string, batch: Record<string, unknown>[]) {
  const r = await post(server, '/v1/batch', { batch }, { authorization: basic(writeKey) });
  expect(r.status).toBe(200);
}

describe('Mixpanel', () => {
  it('sends track/page to /import (Basic API secret) and identify to /engage; filters alias/group; maps strict failures per record', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, {
      catalogId: 'mixpanel',
      settings: { projectToken: 'tok0123456789abcdef', endpoint: `${sink.url}/mp` },
      secrets: { apiSecret: 'mp-secret' },
    });
    sink.reply = (req) => {
      if (!req.path.startsWith('/mp/import')) return { status: 200, body: '{"status":1,"error":null}' };
      const records = req.body as { properties: { $insert_id: string } }[];
      const bad = records.findIndex((r) => r.properties.$insert_id === insertId('mp-bad'));
      return bad < 0
        ? { status: 200, body: '{"code":200,"status":"OK"}' }
        : {
            status: 400,
            body: JSON.stringify({
              code: 400,
              failed_records: [{ index: bad, $insert_id: 'x', field: 'properties.time', message: 'bad' }],
            }),
          };
    };
    await send(src.writeKey, [
      {
        type: 'track',
        userId: 'u1',
        event: 'Signed Up',
        messageId: 'mp-1',
        timestamp: '2026-01-02T03:04:05.000Z',
        properties: { plan: 'pro' },
      },
      { type: 'track', userId: 'u1', event: 'Broken', messageId: 'mp-bad' },
      { type: 'page', anonymousId: 'a1', name: 'Pricing', messageId: 'mp-2' },
      { type: 'identify', userId: 'u1', traits: { plan: 'pro' }, messageId: 'mp-3' },
      { type: 'alias', userId: 'u1', previousId: 'a1', messageId: 'mp-4' },
    ]);
    await drain({ untilSettled: true });
    const imp = sink.requests.find((r) => r.path === '/mp/import?strict=1')!;
    expect(imp.headers.authorization).toBe(basic('mp-secret'));
    expect(imp.body).toEqual(
      expect.arrayContaining([
        {
          event: 'Signed Up',
          properties: {
            plan: 'pro',
            time: Date.parse('2026-01-02T03:04:05.000Z'),
            distinct_id: 'u1',
            $insert_id: 'mp-1',
          },
        },
        expect.objectContaining({
          event: 'Viewed Pricing Page',
          properties: expect.objectContaining({ distinct_id: 'a1' }),
        }),
      ]),
    );
    const engage = sink.requests.find((r) => r.path === '/mp/engage?verbose=1')!;
    expect(engage.body).toEqual([{ $token: 'tok0123456789abcdef', $distinct_id: 'u1', $set: { plan: 'pro' } }]);
    const rows = await db.current.prisma.delivery.findMany({
      where: { destinationId: dest.id },
      select: { status: true, lastError: true, eventId: true },
    });
    const byMsg = new Map<string, string>();
    for (const r of rows) {
      const e = await db.current.prisma.event.findUniqueOrThrow({ where: { id: r.eventId } });
      byMsg.set(e.messageId, r.status);
    }
    expect(Object.fromEntries(byMsg)).toEqual({
      'mp-1': 'delivered',
      'mp-bad': 'failed',
      'mp-2': 'delivered',
      'mp-3': 'delivered',
      'mp-4': 'filtered',
    });
  });
});

describe('Amplitude HTTP V2', () => {
  it('posts {api_key, events} with $identify for identify calls', async () => {
    const src = await seedSource();
    await seedDestination(src, {
      catalogId: 'amplitude',
      settings: { endpoint: `${sink.url}/amp/2/httpapi`, minIdLength: 1 },
      secrets: { apiKey: 'amp-key' },
    });
    await send(src.writeKey, [
      { type: 'track', userId: 'u1', event: 'Played', messageId: 'amp-1', properties: { n: 1 } },
      { type: 'identify', userId: 'u1', traits: { tier: 'gold' }, messageId: 'amp-2' },
    ]);
    await drain({ untilSettled: true });
    const req = sink.requests.find((r) => r.path === '/amp/2/httpapi')!;
    const body = req.body as { api_key: string; options: unknown; events: Record<string, unknown>[] };
    expect(body.api_key).toBe('amp-key');
    expect(body.options).toEqual({ min_id_length: 1 });
    expect(body.events).toEqual([
      expect.objectContaining({ event_type: 'Played', user_id: 'u1', insert_id: 'amp-1', event_properties: { n: 1 } }),
      expect.objectContaining({ event_type: '$identify', user_id: 'u1', user_properties: { $set: { tier: 'gold' } } }),
    ]);
  });
});

describe('Segment-compatible forwarder', () => {
  it('forwards protected events to another tracking API (ours), which stores them under its own source', async () => {
    const downstream = await seedSource();
    const upstream = await seedSource();
    await seedDestination(upstream, {
      catalogId: 'http-forwarder',
      settings: { endpoint: `${server.url}/v1` },
      secrets: { writeKey: downstream.writeKey },
      hash: { fields: ['email'], mode: 'sha256' },
    });
    await send(upstream.writeKey, [
      {
        type: 'track',
        userId: 'u9',
        event: 'Forwarded',
        messageId: 'fwd-1',
        properties: { email: 'Fwd@Example.com', n: 2 },
      },
    ]);
    await drain({ untilSettled: true });
    const e = await db.current.prisma.event.findFirstOrThrow({
      where: { sourceId: downstream.sourceId, messageId: 'fwd-1' },
    });
    const p = e.payload as { properties: Record<string, unknown> };
    expect(p.properties.n).toBe(2);
    expect(p.properties.email).toMatch(/^[0-9a-f]{64}$/);
    // Delivered again (at least once), it is deduplicated downstream by messageId.
    await db.current.prisma.delivery.updateMany({
      where: { workspaceId: upstream.workspaceId },
      data: { status: 'pending', attempts: 0, nextAttemptAt: new Date() },
    });
    await drain({ untilSettled: true });
    expect(await db.current.prisma.event.count({ where: { sourceId: downstream.sourceId, messageId: 'fwd-1' } })).toBe(
      1,
    );
  });
});
