import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { notifyDeliveriesEnqueued } from '@/lib/server/delivery/wake';

export interface ReplayInput {
  /** Specific deliveries; omitted = every dead or failed delivery of the destination. */
  deliveryIds?: string[];
}

// Most rows one Replay moves; the button can be pressed again for the rest.
export const MAX_REPLAY = 10_000;

/**
 * Replay: dead-lettered and failed deliveries go back to the queue. They are
 * re-sent from the stored event (which never held blocked fields) with the
 * destination's CURRENT consent and protection settings. The retry budget
 * restarts: attempts = 0 and replayedAt = now, from which max age counts; createdAt
 * keeps when the delivery was first queued. Audited in the same transaction.
 */
export async function replayDeliveries(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: ReplayInput,
): Promise<{ replayed: number }> {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const dest = await db.destination.findFirst({ where: { id: destinationId, workspaceId }, select: { id: true } });
  if (!dest) throw new AppError('not_found', 'Destination not found.');
  const ids = input.deliveryIds;
  const replayed = await auditedChange(ctx, 'destination.delivery_replayed', async (tx, audit) => {
    const n = await tx.$executeRawUnsafe(
      `UPDATE "Delivery" SET status = 'pending', attempts = 0, "nextAttemptAt" = now(), "lockedUntil" = NULL,
         "lastError" = NULL, "replayedAt" = now(), "updatedAt" = now()
       WHERE id IN (
         SELECT id FROM "Delivery"
         WHERE "workspaceId" = $1::uuid AND "destinationId" = $2::uuid AND status IN ('dead', 'failed')
           AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
         LIMIT ${MAX_REPLAY} FOR UPDATE SKIP LOCKED)`,
      workspaceId,
      destinationId,
      ids ?? null,
    );
    if (n === 0) return 0;
    audit.record({
      target: { type: 'destination', id: destinationId },
      changes: { replayed: n, scope: ids ? 'selected' : 'all_dead_and_failed' },
    });
    return n;
  });
  if (replayed > 0) notifyDeliveriesEnqueued();
  return { replayed };
}
