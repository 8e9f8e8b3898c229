import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { maskEventForViewer } from '@/lib/privacy/mask';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { hasSender } from '@/lib/server/destinations/senders/supported';
import { functionLogView } from '@/lib/schemas/delivery';
import {
  CHART_OUTCOMES,
  type AttemptView,
  type ChartOutcome,
  type DeliveryDetails,
  type DeliveryOverview,
  type HourBucket,
} from '@/lib/schemas/delivery';

// The Event Delivery tab: hourly outcome counts for the last 24 h, the queue as
// it stands, and the latest attempts. None of it carries event content; the one
// read that does (a delivery's payload) is audited and masked for viewers
// without PII access.

// The view types are the response schemas' (lib/schemas/delivery.ts): what a route may send.
export { CHART_OUTCOMES };
export type { AttemptView, ChartOutcome, DeliveryDetails, DeliveryOverview, HourBucket };

async function assertDestination(workspaceId: string, destinationId: string) {
  const db = await getDb();
  const d = await db.destination.findFirst({
    where: { id: destinationId, workspaceId },
    select: { id: true, catalogId: true },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return d;
}

export async function getDeliveryOverview(ctx: WorkspaceCtx, destinationId: string): Promise<DeliveryOverview> {
  const workspaceId = ctx.workspace.id;
  const dest = await assertDestination(workspaceId, destinationId);
  const db = await getDb();
  const [outcomes, filtered, queue, attempts] = await Promise.all([
    db.$queryRawUnsafe<{ hour: Date; outcome: string; n: number }[]>(
      `SELECT date_trunc('hour', "startedAt") AS hour, outcome, count(*)::int AS n FROM "DeliveryAttempt"
       WHERE "destinationId" = $1::uuid AND "workspaceId" = $2::uuid AND "startedAt" > now() - interval '24 hours' GROUP BY 1, 2`,
      destinationId,
      workspaceId,
    ),
    db.$queryRawUnsafe<{ hour: Date; n: number }[]>(
      `SELECT date_trunc('hour', "updatedAt") AS hour, count(*)::int AS n FROM "Delivery"
       WHERE "destinationId" = $1::uuid AND "workspaceId" = $2::uuid AND status = 'filtered' AND "createdAt" > now() - interval '25 hours'
         AND "updatedAt" > now() - interval '24 hours' GROUP BY 1`,
      destinationId,
      workspaceId,
    ),
    db.$queryRawUnsafe<{ status: string; n: number }[]>(
      `SELECT status::text AS status, count(*)::int AS n FROM "Delivery"
       WHERE status IN ('pending', 'delivering', 'retrying', 'failed', 'dead', 'held') AND "destinationId" = $1::uuid AND "workspaceId" = $2::uuid GROUP BY 1`,
      destinationId,
      workspaceId,
    ),
    db.deliveryAttempt.findMany({
      where: { destinationId, workspaceId },
      orderBy: { startedAt: 'desc' },
      take: 50,
      select: {
        id: true,
        deliveryId: true,
        startedAt: true,
        durationMs: true,
        statusCode: true,
        outcome: true,
        error: true,
      },
    }),
  ]);
  const events = new Map(
    (
      await db.$queryRawUnsafe<{ id: string; type: string; eventName: string | null }[]>(
        `SELECT d.id, e.type, e."eventName" FROM "Delivery" d JOIN "Event" e ON e.id = d."eventId" WHERE d.id = ANY($1::uuid[]) AND d."workspaceId" = $2::uuid`,
        [...new Set(attempts.map((a) => a.deliveryId))],
        workspaceId,
      )
    ).map((r) => [r.id, r]),
  );

  const start = new Date();
  start.setUTCMinutes(0, 0, 0);
  const hours: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({
    hour: new Date(start.getTime() - (23 - i) * 3600_000).toISOString(),
    counts: { delivered: 0, retrying: 0, failed: 0, dead: 0, filtered: 0 },
  }));
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  for (const o of outcomes) {
    const b = byHour.get(new Date(o.hour).toISOString());
    if (b && (CHART_OUTCOMES as readonly string[]).includes(o.outcome))
      b.counts[o.outcome as ChartOutcome] += Number(o.n);
  }
  for (const f of filtered) {
    const b = byHour.get(new Date(f.hour).toISOString());
    if (b) b.counts.filtered += Number(f.n);
  }
  const q = { pending: 0, delivering: 0, retrying: 0, failed: 0, dead: 0, held: 0 };
  for (const r of queue) if (r.status in q) q[r.status as keyof typeof q] = Number(r.n);
  return {
    supported: hasSender(dest.catalogId),
    hours,
    queue: q,
    attempts: attempts.map((a) => ({
      ...a,
      startedAt: a.startedAt.toISOString(),
      eventType: events.get(a.deliveryId)?.type ?? null,
      eventName: events.get(a.deliveryId)?.eventName ?? null,
    })),
  };
}

/** A delivery's payload: an audited read ("Event Delivery Details Viewed"), committed before data is returned. */
export async function viewDeliveryDetails(
  ctx: WorkspaceCtx,
  destinationId: string,
  deliveryId: string,
): Promise<DeliveryDetails> {
  const workspaceId = ctx.workspace.id;
  await assertDestination(workspaceId, destinationId);
  const db = await getDb();
  const d = await db.delivery.findFirst({ where: { id: deliveryId, destinationId, workspaceId } });
  if (!d) throw new AppError('not_found', 'Delivery not found.');
  const event = await db.event.findFirst({
    where: { id: d.eventId, workspaceId },
    select: {
      id: true,
      messageId: true,
      type: true,
      eventName: true,
      receivedAt: true,
      blockedPaths: true,
      userId: true,
      anonymousId: true,
    },
  });
  const unmasked = ctx.can('pii.unmasked');
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'destination.delivery_viewed',
      endUserId: event?.userId ?? event?.anonymousId ?? null,
      targetType: 'delivery',
      targetId: deliveryId,
    },
    async () => {
      const history = await db.deliveryAttempt.findMany({
        where: { deliveryId, workspaceId },
        orderBy: { startedAt: 'desc' },
        take: 50,
        select: { startedAt: true, durationMs: true, statusCode: true, outcome: true, error: true, functionLog: true },
      });
      // Masked exactly as the debugger masks (workspace classifier, quarantine and identity fields included).
      const payload =
        !unmasked && d.payload !== null
          ? maskEventForViewer(d.payload, await loadClassifier(workspaceId), { unmasked: false })
          : d.payload;
      return {
        id: d.id,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        replayedAt: d.replayedAt?.toISOString() ?? null,
        event: event
          ? {
              id: event.id,
              messageId: event.messageId,
              type: event.type,
              eventName: event.eventName,
              receivedAt: event.receivedAt.toISOString(),
              blockedPaths: event.blockedPaths,
            }
          : null,
        payload,
        masked: !unmasked,
        payloadRetained: d.payload !== null || d.status === 'filtered' || d.status === 'pending',
        history: history.map(({ functionLog, ...h }) => {
          const log = functionLogView.safeParse(functionLog);
          return {
            ...h,
            startedAt: h.startedAt.toISOString(),
            functionLog: unmasked && log.success ? log.data : null,
            functionLogHidden: !unmasked && functionLog !== null,
          };
        }),
      };
    },
  );
}
