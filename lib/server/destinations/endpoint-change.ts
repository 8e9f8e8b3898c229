import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { requireRecentReauth } from '@/lib/server/sessions/reauth';

// Changing where a destination's events go. In a HIPAA-eligible workspace it needs
// a fresh password or code (like encryption changes), and in every workspace the
// deliveries queued for the old endpoint stop: pending and retrying ones are held,
// and a replay of anything queued before the change needs an owner's confirmation
// naming both endpoints (lib/server/delivery/replay.ts). The worker applies the
// same rule to what it already claimed (lib/server/delivery/process.ts), so a
// delivery in flight during the change is held too, never sent to the new endpoint.

export const HELD_MESSAGE =
  'Held: queued before this destination’s endpoint changed. An owner can replay it to the new endpoint after confirming.';

/** ASVS 5.0 (V6/V7): in a HIPAA-eligible workspace, changing where PHI goes needs a recent re-auth. */
export async function requireReauthForDestinationChange(ctx: WorkspaceCtx): Promise<void> {
  if (ctx.workspace.hipaaEligible) await requireRecentReauth(ctx);
}

/**
 * The same refusal for a change found sensitive only inside the transaction (the
 * row changed since the check before it): the caller retries after re-auth.
 */
export function reauthRequired(): AppError {
  return new AppError('reauth_required', 'Re-enter your password to confirm this change.');
}

/**
 * Stamps the change on the destination and holds the deliveries queued before it
 * that are waiting to be sent. Held rows keep their event and history; they are
 * never lost, only not sent.
 *
 * The stamp is the database's clock_timestamp(), taken while the caller holds the
 * destination's row lock, not now() (the transaction's start): a replay that
 * committed before the lock was granted has an earlier replayedAt, and one
 * waiting for the lock gets a later one (replay.ts). "Queued before" is <=, so a
 * tie on the millisecond counts as before: held, never sent.
 */
export async function recordEndpointChange(
  tx: Tx,
  ctx: WorkspaceCtx,
  destinationId: string,
  previousEndpoint: string,
): Promise<{ changedAt: Date; held: number }> {
  const rows = await tx.$queryRaw<{ changedAt: Date }[]>`
    UPDATE "Destination" SET "endpointChangedAt" = clock_timestamp(), "previousEndpoint" = ${previousEndpoint}
    WHERE id = ${destinationId}::uuid AND "workspaceId" = ${ctx.workspace.id}::uuid
    RETURNING "endpointChangedAt" AS "changedAt"`;
  const changedAt = rows[0]?.changedAt;
  if (!changedAt) throw new AppError('not_found', 'Destination not found.');
  const held = await tx.$executeRaw`
    UPDATE "Delivery" SET status = 'held', "lockedUntil" = NULL, "lastError" = ${HELD_MESSAGE}, "updatedAt" = now()
    WHERE "workspaceId" = ${ctx.workspace.id}::uuid AND "destinationId" = ${destinationId}::uuid
      AND status IN ('pending', 'retrying') AND coalesce("replayedAt", "createdAt") <= ${changedAt}`;
  return { changedAt, held };
}
