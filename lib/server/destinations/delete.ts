import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange, type AuditRecorder } from '@/lib/server/audit/change';

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

export interface RemovedDestination {
  id: string;
  name: string;
  catalogId: string;
  functionId: string | null;
  insertFunctionId: string | null;
}

export const REMOVED_DESTINATION_SELECT = {
  id: true,
  name: true,
  catalogId: true,
  functionId: true,
  insertFunctionId: true,
} as const;

/** "Destination Deleted", and "Function Disconnected" for each function it ran. */
export function recordDestinationRemoved(audit: AuditRecorder, d: RemovedDestination, reason?: string): void {
  audit.record({
    eventType: 'destination.deleted',
    target: { type: 'destination', id: d.id },
    changes: { name: d.name, catalogId: d.catalogId, ...(reason ? { reason } : {}) },
  });
  for (const [functionId, as] of [
    [d.functionId, 'destination'],
    [d.insertFunctionId, 'insert'],
  ] as const) {
    if (functionId) {
      audit.record({
        eventType: 'function.disconnected',
        target: { type: 'function', id: functionId },
        changes: { destinationId: d.id, destinationName: d.name, as, reason: reason ?? 'destination deleted' },
      });
    }
  }
}

/** The name must be typed back exactly; a mismatch is a 400 and deletes nothing. */
export async function deleteDestination(ctx: WorkspaceCtx, destinationId: string, confirmName: string): Promise<void> {
  await auditedChange(ctx, ['destination.deleted', 'function.disconnected'], async (tx, audit) => {
    const d = await tx.destination.findFirst({
      where: { id: destinationId, workspaceId: ctx.workspace.id },
      select: REMOVED_DESTINATION_SELECT,
    });
    if (!d) throw new AppError('not_found', 'Destination not found.');
    if (confirmName !== d.name)
      throw new AppError('validation_failed', 'The name you typed does not match the destination name.', {
        fields: [{ path: 'confirmName', message: 'Type the exact destination name.' }],
      });
    await deleteDestinationRows(tx, ctx.workspace.id, destinationId);
    recordDestinationRemoved(audit, d);
  });
}
