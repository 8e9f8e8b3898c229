import 'server-only';
import type { Tx } from '@/lib/server/db';

/**
 * Removes one destination and the rows that point at it without a foreign key
 * (deliveries and their attempts, which may hold event payloads). Encryption
 * keys go by cascade. Audit rows are never touched. The caller writes the audit row.
 */
export async function deleteDestinationRows(tx: Tx, workspaceId: string, destinationId: string): Promise<void> {
  await tx.deliveryAttempt.deleteMany({ where: { workspaceId, destinationId } });
  await tx.delivery.deleteMany({ where: { workspaceId, destinationId } });
  await tx.destination.deleteMany({ where: { id: destinationId, workspaceId } });
}
