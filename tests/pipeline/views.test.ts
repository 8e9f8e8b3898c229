// Source Debugger and Event Delivery reads: masking by PII access, audit rows
// (Raw view, unmasked Pretty view, delivery details) with end_user_id, the
// 500-event window, tenant isolation, and the routes' permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  startIngestServer,
  startSink,
  type SeededSource,
  type Sink,
  type TestServer,
} from '@/tests/support/pipeline';
import { ctxForWorkspace, drain } from '@/tests/support/pipeline-worker';
import { callRoute } from '@/tests/support/route-call';
import { getDebuggerEvent, getDebuggerRaw, listDebuggerEvents } from '@/lib/server/sources/debugger';
import { getDeliveryOverview, viewDeliveryDetails } from '@/lib/server/delivery/overview';
import { replayDeliveries } from '@/lib/server/delivery/replay';
import { GET as listRoute } from '@/app/api/workspaces/[workspaceId]/sources/[sourceId]/debugger/route';
import type { WorkspaceCtx } from '@/lib/server/context/types';

const db = useServerDb();
let server: TestServer;
let sink: Sink;
let src: SeededSource;
let owner: WorkspaceCtx;
let member: WorkspaceCtx;
let outsider: WorkspaceCtx;

const auditRows = (eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { workspaceId: src.workspaceId, eventType }, orderBy: { seq: 'desc' } });

beforeAll(async () => {
  process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
  server = await startIngestServer();
  sink = await startSink();
  src = await seedSource();
  owner = await ctxForWorkspace(src.workspaceId, 'owner');
  member = await ctxForWorkspace(src.workspaceId, 'member');
  const other = await seedSource();
  outsider = await ctxForWorkspace(other.workspaceId, 'owner');
  const batch = Array.from({ length: 505 }, (_, i) => ({
    type: 'track',
    userId: `user-${i}`,
    event: i === 504 ? 'Last' : 'Bulk',
    messageId: `bulk-${String(i).padStart(3, '0')}`,
    properties: { email: `p${i}@example.com`, plan: 'gold' },
  }));
  for (let i = 0; i < batch.length; i += 250) {
    expect(
      (await post(server, '/v1/batch', { batch: batch.slice(i, i + 250) }, { authorization: basic(src.writeKey) }))
        .status,
    ).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
  delete process.env.OUTBOUND_ALLOWLIST;
});

describe('Source Debugger', () => {
  it('lists the latest 500 events without content, newest first', async () => {
    const { events } = await listDebuggerEvents(member, src.sourceId);
    expect(events).toHaveLength(500);
    expect(JSON.stringify(events)).not.toContain('@example.com');
    expect(events.some((e) => e.eventName === 'Last')).toBe(true);
  });

  it('masks Red/Yellow values and identifiers for a member without PII access; only the Raw view is audited', async () => {
    const { events } = await listDebuggerEvents(member, src.sourceId);
    const id = events.find((e) => e.eventName === 'Last')!.id;
    const before = (await auditRows('source_debugger.viewed')).length;
    const pretty = await getDebuggerEvent(member, src.sourceId, id);
    expect(pretty.masked).toBe(true);
    expect(JSON.stringify(pretty.payload)).not.toContain('p504@example.com');
    expect(JSON.stringify(pretty.payload)).not.toContain('user-504');
    expect((pretty.payload.properties as Record<string, unknown>).plan).toBe('gold');
    expect(await auditRows('source_debugger.viewed')).toHaveLength(before);

    const raw = await getDebuggerRaw(member, src.sourceId, id);
    expect(JSON.stringify(raw.payload)).not.toContain('p504@example.com');
    const [row] = await auditRows('source_debugger.raw_viewed');
    expect(row).toMatchObject({
      actorUserId: member.user.id,
      endUserId: 'user-504',
      targetType: 'event',
      targetId: id,
    });
  });

  it('shows an owner everything and audits the unmasked Pretty view too', async () => {
    const { events } = await listDebuggerEvents(owner, src.sourceId);
    const id = events.find((e) => e.eventName === 'Last')!.id;
    const pretty = await getDebuggerEvent(owner, src.sourceId, id);
    expect(pretty.masked).toBe(false);
    expect(pretty.payload).toMatchObject({ userId: 'user-504', properties: { email: 'p504@example.com' } });
    expect((await auditRows('source_debugger.viewed'))[0]).toMatchObject({
      actorUserId: owner.user.id,
      endUserId: 'user-504',
    });
  });

  it('is tenant-scoped and needs debugger.read', async () => {
    await expect(listDebuggerEvents(outsider, src.sourceId)).rejects.toMatchObject({ code: 'not_found' });
    const { events } = await listDebuggerEvents(owner, src.sourceId);
    await expect(getDebuggerRaw(outsider, src.sourceId, events[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
    const compliance = await ctxForWorkspace(src.workspaceId, 'compliance');
    const r = await callRoute(listRoute, {
      as: compliance.user.email,
      params: { workspaceId: src.workspaceId, sourceId: src.sourceId },
    });
    expect(r.status).toBe(403);
    const ok = await callRoute<{ events: unknown[] }>(listRoute, {
      as: member.user.email,
      params: { workspaceId: src.workspaceId, sourceId: src.sourceId },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.events).toHaveLength(500);
  });
});

describe('Event Delivery', () => {
  it('counts outcomes by hour, lists attempts, audits payload views and replays selected deliveries', async () => {
    const s2 = await seedSource();
    const own = await ctxForWorkspace(s2.workspaceId, 'owner');
    const mem = await ctxForWorkspace(s2.workspaceId, 'member');
    const dest = await seedDestination(s2, { settings: { url: `${sink.url}/views` } });
    sink.reply = (req) =>
      (req.body as { messageId: string }).messageId === 'v-bad' ? { status: 404 } : { status: 200 };
    const batch = ['v-1', 'v-2', 'v-bad'].map((m) => ({
      type: 'track',
      userId: 'viewer-1',
      event: 'Viewed',
      messageId: m,
      properties: { email: 'v@example.com' },
    }));
    expect((await post(server, '/v1/batch', { batch }, { authorization: basic(s2.writeKey) })).status).toBe(200);
    await drain({ untilSettled: true });

    const o = await getDeliveryOverview(mem, dest.id);
    expect(o.supported).toBe(true);
    expect(o.hours).toHaveLength(24);
    const total = (k: 'delivered' | 'failed') => o.hours.reduce((n, h) => n + h.counts[k], 0);
    expect([total('delivered'), total('failed')]).toEqual([2, 1]);
    expect(o.queue).toMatchObject({ failed: 1, pending: 0 });
    expect(o.attempts.map((a) => a.outcome).sort()).toEqual(['delivered', 'delivered', 'failed']);
    expect(JSON.stringify(o)).not.toContain('v@example.com');

    const failed = o.attempts.find((a) => a.outcome === 'failed')!;
    const details = await viewDeliveryDetails(mem, dest.id, failed.deliveryId);
    expect(details).toMatchObject({ status: 'failed', lastStatus: 404, masked: true });
    expect(JSON.stringify(details.payload)).not.toContain('v@example.com');
    const audit = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: s2.workspaceId, eventType: 'destination.delivery_viewed' },
    });
    expect(audit).toMatchObject({ endUserId: 'viewer-1', targetId: failed.deliveryId });
    expect((await viewDeliveryDetails(own, dest.id, failed.deliveryId)).payload).toMatchObject({
      properties: { email: 'v@example.com' },
    });

    await expect(viewDeliveryDetails(outsider, dest.id, failed.deliveryId)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(replayDeliveries(outsider, dest.id, {})).rejects.toMatchObject({ code: 'not_found' });
    sink.reply = () => ({ status: 200 });
    expect(await replayDeliveries(own, dest.id, { deliveryIds: [failed.deliveryId] })).toEqual({ replayed: 1 });
    expect(await replayDeliveries(own, dest.id, { deliveryIds: [failed.deliveryId] })).toEqual({ replayed: 0 });
    await drain({ untilSettled: true });
    expect((await getDeliveryOverview(own, dest.id)).queue.failed).toBe(0);
  });
});
