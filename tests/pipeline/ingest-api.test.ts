// The tracking API over real HTTP: Segment compatibility (including the official
// @segment/analytics-node client), auth, limits, dedup, clock skew, block at
// source, and the outbox rows written with each event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analytics } from '@segment/analytics-node';
import { useServerDb } from '@/tests/support/server-db';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  startIngestServer,
  type SeededSource,
  type TestServer,
} from '@/tests/support/pipeline';
import { resetIngestBuckets } from '@/lib/server/ingest/rate-limit';
import { invalidateIngestCache } from '@/lib/server/ingest/source-config';
import { flushObservations } from '@/lib/server/ingest/observe-buffer';

const db = useServerDb();
// Both ways a request can reach ingest: the production server's Node fast path and
// the Next route handlers in app/v1/* (next dev). They must answer alike.
describe.each(['node', 'next'] as const)('tracking API via the %s path', (via) => {
  let server: TestServer;
  let src: SeededSource;

  beforeAll(async () => {
    server = await startIngestServer({ via });
    src = await seedSource();
    await seedDestination(src, {
      catalogId: 'webhook',
      settings: { url: 'https://hooks.example.com/in' },
      secrets: { sharedSecret: 's3cret' },
    });
    await seedDestination(src, {
      catalogId: 'mixpanel',
      settings: { projectToken: 'abcdefabcdefabcdef' },
      secrets: { apiSecret: 'x' },
    });
    // Configured in the console but without a sender: no queue rows for it.
    await seedDestination(src, { catalogId: 'snowflake' });
    await seedDestination(src, { catalogId: 'webhook', enabled: false, settings: { url: 'https://off.example.com' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  const auth = () => ({ authorization: basic(src.writeKey) });
  const events = (messageId: string) =>
    db.current.prisma.event.findMany({ where: { sourceId: src.sourceId, messageId } });

  describe('accepting events', () => {
    it('stores a track call with its outbox rows, and corrects client clock skew', async () => {
      const r = await post(
        server,
        '/v1/track',
        {
          userId: 'u-1',
          event: 'Order Completed',
          properties: { total: 42 },
          messageId: 'm-track-1',
          timestamp: '2030-01-01T00:00:00.000Z',
          sentAt: '2030-01-01T00:00:10.000Z',
        },
        auth(),
      );
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true });
      const [e] = await events('m-track-1');
      expect(e).toMatchObject({
        type: 'track',
        eventName: 'Order Completed',
        userId: 'u-1',
        workspaceId: src.workspaceId,
      });
      // The client's clock was years ahead, but it sent 10 s after the event happened.
      const skew = e!.receivedAt.getTime() - e!.timestamp.getTime();
      expect(skew).toBeGreaterThanOrEqual(9_990);
      expect(skew).toBeLessThanOrEqual(10_010);
      const p = e!.payload as Record<string, unknown>;
      expect(p.originalTimestamp).toBe('2030-01-01T00:00:00.000Z');
      expect(p.receivedAt).toBe(e!.receivedAt.toISOString());
      const deliveries = await db.current.prisma.delivery.findMany({ where: { eventId: e!.id } });
      expect(deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);
    });

    it('accepts the write key in the body, never stores it, and supports every call type', async () => {
      const base = { writeKey: src.writeKey, anonymousId: 'anon-1' };
      for (const [path, extra] of [
        ['/v1/identify', { traits: { plan: 'pro' } }],
        ['/v1/page', { name: 'Home' }],
        ['/v1/screen', { name: 'Settings' }],
        ['/v1/group', { groupId: 'g-1' }],
        ['/v1/alias', { userId: 'u-2', previousId: 'anon-1' }],
      ] as const) {
        const r = await post(server, path, { ...base, ...extra, messageId: `m-${path}` });
        expect(r.status, path).toBe(200);
        const [e] = await events(`m-${path}`);
        expect(e!.type).toBe(path.slice(4));
        expect(JSON.stringify(e!.payload)).not.toContain(src.writeKey);
      }
      const r = await post(server, '/v1/import', {
        writeKey: src.writeKey,
        batch: [{ type: 'track', userId: 'u', event: 'Imported', messageId: 'm-import' }],
      });
      expect(r.status).toBe(200);
      expect(await events('m-import')).toHaveLength(1);
    });

    it('acknowledges a duplicate messageId without storing or enqueueing it twice', async () => {
      const msg = { userId: 'u-1', event: 'Signed Up', messageId: 'm-dup' };
      expect((await post(server, '/v1/track', msg, auth())).status).toBe(200);
      expect((await post(server, '/v1/track', msg, auth())).status).toBe(200);
      expect(
        (
          await post(
            server,
            '/v1/batch',
            {
              batch: [
                { ...msg, type: 'track' },
                { ...msg, type: 'track' },
              ],
            },
            auth(),
          )
        ).status,
      ).toBe(200);
      const stored = await events('m-dup');
      expect(stored).toHaveLength(1);
      expect(await db.current.prisma.delivery.count({ where: { eventId: stored[0]!.id } })).toBe(2);
    });

    it('replaces NUL and lone surrogates instead of failing, and generates a messageId when absent', async () => {
      const r = await post(
        server,
        '/v1/track',
        { userId: 'u\u0000x', event: 'Bad \ud800 chars', properties: { 'k\u0000': 'v\udc00' } },
        auth(),
      );
      expect(r.status).toBe(200);
      const e = await db.current.prisma.event.findFirstOrThrow({
        where: { sourceId: src.sourceId, userId: 'u\ufffdx' },
      });
      expect(e.messageId).toMatch(/^api-/);
      expect(e.payload).toMatchObject({ event: 'Bad \ufffd chars', properties: { 'k\ufffd': 'v\ufffd' } });
    });
  });

  describe('refusing requests', () => {
    it('401 for a missing, unknown, malformed, expired or disabled write key', async () => {
      const track = { userId: 'u', event: 'E' };
      expect((await post(server, '/v1/track', track)).status).toBe(401);
      expect((await post(server, '/v1/track', track, { authorization: basic('nope') })).status).toBe(401);
      expect((await post(server, '/v1/track', track, { authorization: 'Bearer abc' })).status).toBe(401);
      expect((await post(server, '/v1/track', { ...track, writeKey: 'nope' })).status).toBe(401);
      const other = await seedSource();
      await db.current.prisma.writeKey.updateMany({
        where: { sourceId: other.sourceId },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      invalidateIngestCache();
      expect((await post(server, '/v1/track', track, { authorization: basic(other.writeKey) })).status).toBe(401);
      const third = await seedSource();
      await db.current.prisma.source.update({ where: { id: third.sourceId }, data: { enabled: false } });
      invalidateIngestCache();
      const r = await post(server, '/v1/track', track, { authorization: basic(third.writeKey) });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthenticated');
    });

    it('400 for malformed JSON and invalid messages, naming the problem', async () => {
      const bad = async (path: string, body: unknown) => {
        const r = await post(server, path, body, auth());
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        return r.body.error.message as string;
      };
      expect(await bad('/v1/track', '{"userId": "u", ')).toMatch(/not valid JSON/);
      expect(await bad('/v1/track', '[1,2]')).toMatch(/JSON object/);
      expect(await bad('/v1/track', { event: 'E' })).toMatch(/userId or anonymousId/);
      expect(await bad('/v1/track', { userId: 'u' })).toMatch(/event is required/);
      expect(await bad('/v1/track', { userId: 'u', event: 'E', properties: 'nope' })).toMatch(
        /properties must be an object/,
      );
      expect(await bad('/v1/group', { userId: 'u' })).toMatch(/groupId/);
      expect(await bad('/v1/batch', { batch: {} })).toMatch(/batch must be an array/);
      expect(
        await bad('/v1/batch', {
          batch: [
            { type: 'track', userId: 'u', event: 'ok' },
            { type: 'nope', userId: 'u' },
          ],
        }),
      ).toMatch(/Event 1: type/);
      let deep: unknown = 'x';
      for (let i = 0; i < 80; i++) deep = { d: deep };
      expect(await bad('/v1/track', { userId: 'u', event: 'E', properties: deep })).toMatch(/deeper than 64/);
    });

    it('400 naming the limit for a 32 KB event, a 32 KB event inside a batch, and a 500 KB batch', async () => {
      const big = 'x'.repeat(33 * 1024);
      let r = await post(server, '/v1/track', { userId: 'u', event: 'E', properties: { big } }, auth());
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/32 KB limit/);
      r = await post(
        server,
        '/v1/batch',
        { batch: [{ type: 'track', userId: 'u', event: 'E', properties: { big } }] },
        auth(),
      );
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/Event 0 .* 32 KB per-event limit/);
      const chunk = 'y'.repeat(20 * 1024);
      const batch = Array.from({ length: 30 }, (_, i) => ({
        type: 'track',
        userId: 'u',
        event: 'E',
        messageId: `big-${i}`,
        properties: { chunk },
      }));
      r = await post(server, '/v1/batch', { batch }, auth());
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/500 KB limit/);
      expect(await db.current.prisma.event.count({ where: { messageId: { startsWith: 'big-' } } })).toBe(0);
    });

    it('429 with Retry-After over the per-source rate', async () => {
      process.env.INGEST_RATE_LIMIT = '5';
      process.env.INGEST_RATE_BURST = '5';
      resetIngestBuckets();
      try {
        const batch = Array.from({ length: 5 }, (_, i) => ({
          type: 'track',
          userId: 'u',
          event: 'E',
          messageId: `rl-${i}`,
        }));
        expect((await post(server, '/v1/batch', { batch }, auth())).status).toBe(200);
        const r = await post(server, '/v1/track', { userId: 'u', event: 'E', messageId: 'rl-over' }, auth());
        expect(r.status).toBe(429);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await events('rl-over')).toHaveLength(0);
      } finally {
        delete process.env.INGEST_RATE_LIMIT;
        delete process.env.INGEST_RATE_BURST;
        resetIngestBuckets();
      }
    });
  });

  describe('block at source and the Privacy Portal feed', () => {
    it('removes Red fields before storage, records where they were, and feeds the inbox without their values', async () => {
      const blocked = await seedSource({ blockRed: true });
      const r = await post(
        server,
        '/v1/track',
        {
          userId: 'u',
          event: 'Checkout',
          messageId: 'm-block',
          properties: {
            ssn: '123-45-6789',
            email: 'a@b.example',
            card: { password: 'hunter2', last4: '4242' },
            items: [{ sku: 'A', token: 't' }],
          },
          context: { traits: { passport: 'X123' } },
        },
        { authorization: basic(blocked.writeKey) },
      );
      expect(r.status).toBe(200);
      const e = await db.current.prisma.event.findFirstOrThrow({
        where: { sourceId: blocked.sourceId, messageId: 'm-block' },
      });
      const text = JSON.stringify(e.payload);
      for (const secret of ['123-45-6789', 'hunter2', 'X123', '"t"']) expect(text).not.toContain(secret);
      expect(e.payload).toMatchObject({
        properties: { email: 'a@b.example', card: { last4: '4242' }, items: [{ sku: 'A' }] },
      });
      expect([...e.blockedPaths].sort()).toEqual([
        'context.traits.passport',
        'properties.card.password',
        'properties.items[].token',
        'properties.ssn',
      ]);

      await flushObservations();
      const fields = await db.current.prisma.observedField.findMany({
        where: { workspaceId: blocked.workspaceId },
        include: { occurrences: { select: { sourceId: true, eventName: true } } },
      });
      const byPath = new Map(fields.map((f) => [f.keyPath, f]));
      // The inbox learns that the blocked field exists (and that it looks Red), never its value.
      expect(byPath.get('properties.ssn')).toMatchObject({ suggestedColor: 'red', sampleValueEnc: null });
      expect(byPath.get('properties.email')?.sampleValueEnc).toBeTruthy();
      expect(byPath.get('properties.email')?.occurrences).toEqual([
        { sourceId: blocked.sourceId, eventName: 'Checkout' },
      ]);
    });
  });

  describe('official @segment/analytics-node client, unchanged', () => {
    it('delivers every call type through host: our server', async () => {
      const client = new Analytics({
        writeKey: src.writeKey,
        host: server.url,
        flushAt: 3,
        flushInterval: 50,
        maxRetries: 1,
      });
      const failures: unknown[] = [];
      client.on('error', (e) => failures.push(e));
      client.track({ userId: 'sdk-user', event: 'SDK Tracked', properties: { n: 1 }, messageId: 'sdk-1' });
      client.identify({ userId: 'sdk-user', traits: { plan: 'pro' }, messageId: 'sdk-2' });
      client.page({ userId: 'sdk-user', name: 'Pricing', messageId: 'sdk-3' });
      client.screen({ userId: 'sdk-user', name: 'Home', messageId: 'sdk-4' });
      client.group({ userId: 'sdk-user', groupId: 'acme', messageId: 'sdk-5' });
      client.alias({ userId: 'sdk-user', previousId: 'anon-9', messageId: 'sdk-6' });
      await client.closeAndFlush({ timeout: 10_000 });
      expect(failures).toEqual([]);
      const rows = await db.current.prisma.event.findMany({
        where: { sourceId: src.sourceId, messageId: { startsWith: 'sdk-' } },
        orderBy: { messageId: 'asc' },
      });
      expect(rows.map((r) => r.type)).toEqual(['track', 'identify', 'page', 'screen', 'group', 'alias']);
      expect(rows[0]!.payload).toMatchObject({
        event: 'SDK Tracked',
        properties: { n: 1 },
        context: { library: { name: '@segment/analytics-node' } },
      });
    });
  });
});
