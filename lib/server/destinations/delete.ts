import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { loadOwnedDestination } from '@/lib/server/destinations/checks';

/**
 * Removes one destination and the rows that point at it without a foreign key
 * (deliveries and their attempts, which may hold event payloads). Encryption
 * keys go by cascade. Audit rows are never touched. Also used when a source is
 * deleted with its destinations; the caller writes the audit row.
 */
export async function deleteDestinationRows(tx: Tx, workspaceId: string, destinationId: string): Promise<void> {
  await tx.deliveryAttempt.deleteMany({ where: { workspaceId, destinationId } });
  await tx.delivery.deleteMany({ where: { workspaceId, destinationId } });
  await tx.destination.deleteMany({ where: { id: destinationId, workspaceId } });
}

/** The name must be typed back exactly; a mismatch is a 400 and deletes nothing. */
export async function deleteDestination(ctx: WorkspaceCtx, destinationId: string, confirmName: string): Promise<void> {
  await auditedChange(ctx, 'destination.deleted', async (tx, audit) => {
    const d = await loadOwnedDestination(tx, ctx, destinationId);
    if (confirmName !== d.name)
      throw new AppError('validation_failed', 'The name you typed does not match the destination name.', {
        fields: [{ path: 'confirmName', message: 'Type the exact destination name.' }],
      });
    await deleteDestinationRows(tx, ctx.workspace.id, destinationId);
    audit.record({
      target: { type: 'destination', id: destinationId },
      changes: { name: d.name, catalogId: d.catalogId },
    });
  });
}
