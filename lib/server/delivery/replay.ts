import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { notifyDeliveriesEnqueued } from '@/lib/server/delivery/wake';
import { requireReauthForDestinationChange } from '@/lib/server/destinations/endpoint-change';
import { settingsEntry } from '@/lib/server/destinations/view';
import { FUNCTION_REF_SELECT } from '@/lib/server/functions/deployed';
import { describeEndpoint } from '@/lib/destinations/endpoint';
import type { EndpointChangeConflict } from '@/lib/schemas/delivery';

export interface ReplayInput {
  /** Specific deliveries; omitted = every dead, failed or held delivery of the destination. */
  deliveryIds?: string[];
  /**
   * An owner's confirmation that deliveries queued before the latest endpoint
   * change may go to the new endpoint. Without it such a replay is refused (409).
   */
  confirmEndpointChange?: boolean;
}

// Most rows one Replay moves; the button can be pressed again for the rest.
export const MAX_REPLAY = 10_000;

/**
 * Replay: dead-lettered, failed and held deliveries go back to the queue. They are
 * re-sent from the stored event (which never held blocked fields) with the
 * destination's CURRENT consent and protection settings. The retry budget
 * restarts: attempts = 0 and replayedAt = now, from which max age counts; createdAt
 * keeps when the delivery was first queued. Audited in the same transaction.
 *
 * Deliveries queued before the destination's latest endpoint change (or replayed
 * before it) were meant for the old endpoint: they go to the new one only when an
 * owner confirms (confirmEndpointChange), after a recent re-auth in a
 * HIPAA-eligible workspace, and the audit row names both endpoints. Otherwise the
 * whole replay is refused with a 409 that names them, and nothing moves.
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
  const confirm = input.confirmEndpointChange === true;
  if (confirm) {
    if (ctx.role !== 'owner')
      throw new AppError(
        'forbidden',
        'Only an owner can send deliveries queued before an endpoint change to the new endpoint.',
      );
    await requireReauthForDestinationChange(ctx);
  }
  const ids = input.deliveryIds;
  const replayed = await auditedChange(ctx, 'destination.delivery_replayed', async (tx, audit) => {
    // Read with a share lock: an endpoint change cannot commit between this check and the replay.
    await tx.$queryRaw`SELECT id FROM "Destination" WHERE id = ${destinationId}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR SHARE`;
    const d = await tx.destination.findFirstOrThrow({
      where: { id: destinationId, workspaceId },
      select: {
        catalogId: true,
        settings: true,
        endpointChangedAt: true,
        previousEndpoint: true,
        function: { select: FUNCTION_REF_SELECT },
      },
    });
    const rows = await tx.$queryRawUnsafe<{ id: string; before: boolean }[]>(
      `SELECT id, ($4::timestamptz IS NOT NULL AND coalesce("replayedAt", "createdAt") <= $4::timestamptz) AS before
       FROM "Delivery"
       WHERE "workspaceId" = $1::uuid AND "destinationId" = $2::uuid AND status IN ('dead', 'failed', 'held')
         AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
       LIMIT ${MAX_REPLAY} FOR UPDATE SKIP LOCKED`,
      workspaceId,
      destinationId,
      ids ?? null,
      d.endpointChangedAt,
    );
    if (rows.length === 0) return 0;
    const queuedBeforeChange = rows.filter((r) => r.before).length;
    let endpoints: { from: string; to: string } | null = null;
    if (queuedBeforeChange > 0 && d.endpointChangedAt) {
      const entry = settingsEntry(d);
      const to = entry
        ? describeEndpoint(entry, (d.settings ?? {}) as Record<string, unknown>)
        : `${d.catalogId} (no address set)`;
      const from = d.previousEndpoint ?? 'the earlier endpoint';
      endpoints = { from, to };
      if (!confirm) {
        const details: EndpointChangeConflict = {
          reason: 'endpoint_changed',
          previousEndpoint: from,
          currentEndpoint: to,
          endpointChangedAt: d.endpointChangedAt.toISOString(),
          queuedBeforeChange,
        };
        throw new AppError(
          'conflict',
          `${queuedBeforeChange.toLocaleString('en-US')} of these deliveries ${queuedBeforeChange === 1 ? 'was' : 'were'} queued before this destination’s endpoint changed from ${from} to ${to}. Nothing was replayed: an owner must confirm sending them to the new endpoint.`,
          { ...details },
        );
      }
    }
    // clock_timestamp(), not now(): taken after the share lock, so it is later than any endpoint change committed before.
    const n = await tx.$executeRawUnsafe(
      `UPDATE "Delivery" SET status = 'pending', attempts = 0, "nextAttemptAt" = now(), "lockedUntil" = NULL,
         "lastError" = NULL, "replayedAt" = clock_timestamp(), "updatedAt" = now()
       WHERE id = ANY($1::uuid[])`,
      rows.map((r) => r.id),
    );
    audit.record({
      target: { type: 'destination', id: destinationId },
      changes: {
        replayed: n,
        scope: ids ? 'selected' : 'all_dead_and_failed',
        ...(endpoints
          ? {
              endpointChangeConfirmed: true,
              queuedBeforeEndpointChange: queuedBeforeChange,
              endpointChanged: endpoints,
            }
          : {}),
      },
    });
    return n;
  });
  if (replayed > 0) notifyDeliveriesEnqueued();
  return { replayed };
}
