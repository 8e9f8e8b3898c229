import 'server-only';
// Read-only summaries for the Data Encryption and Event Delivery tabs, built
// from existing columns. The encryption and pipeline issues replace these tab
// bodies with their full features.
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor, type WorkspaceCtx } from '@/lib/server/access';
import { auditedRead } from '@/lib/server/audit/audited';

export interface EncryptionSummary {
  encryption: { enabled: boolean; fields: string[] };
  hashing: { enabled: boolean; fields: string[]; mode: string; secretSet: boolean };
  currentKey: { fingerprint: string; modulusBits: number; origin: string; createdAt: string } | null;
  retiredKeys: number;
}

/** The Data Encryption tab is PHI-bearing (audit issue): "Destination Encryption Settings Viewed". */
export async function getEncryptionSummary(ctx: WorkspaceCtx, destinationId: string): Promise<EncryptionSummary> {
  const db = await getDb();
  const exists = await db.destination.findFirst({ where: { id: destinationId, workspaceId: ctx.workspace.id }, select: { id: true } });
  if (!exists) throw new AppError('not_found', 'Destination not found.');
  return auditedRead(db, { ...auditActor(ctx), eventType: 'destination.encryption_viewed', targetType: 'destination', targetId: destinationId }, async () => {
    const d = await db.destination.findFirstOrThrow({
      where: { id: destinationId, workspaceId: ctx.workspace.id },
      select: { encryptionEnabled: true, encryptedFields: true, hashingEnabled: true, hashedFields: true, hashMode: true, hmacSecretEnc: true },
    });
    const [current, retiredKeys] = await Promise.all([
      db.encryptionKey.findFirst({ where: { destinationId, workspaceId: ctx.workspace.id, retiredAt: null }, orderBy: { createdAt: 'desc' }, select: { fingerprint: true, modulusBits: true, origin: true, createdAt: true } }),
      db.encryptionKey.count({ where: { destinationId, workspaceId: ctx.workspace.id, retiredAt: { not: null } } }),
    ]);
    return {
      encryption: { enabled: d.encryptionEnabled, fields: d.encryptedFields },
      hashing: { enabled: d.hashingEnabled, fields: d.hashedFields, mode: d.hashMode, secretSet: Boolean(d.hmacSecretEnc) },
      currentKey: current && { ...current, createdAt: current.createdAt.toISOString() },
      retiredKeys,
    };
  });
}

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'retrying', 'failed', 'dead', 'filtered'] as const;
export type DeliveryStatusName = (typeof DELIVERY_STATUSES)[number];

export interface DeliverySummary { counts: Record<DeliveryStatusName, number>; lastAttemptAt: string | null }

/** Counts only (no payloads), so not an audited read. */
export async function getDeliverySummary(ctx: WorkspaceCtx, destinationId: string): Promise<DeliverySummary> {
  const db = await getDb();
  const exists = await db.destination.findFirst({ where: { id: destinationId, workspaceId: ctx.workspace.id }, select: { id: true } });
  if (!exists) throw new AppError('not_found', 'Destination not found.');
  const [groups, last] = await Promise.all([
    db.delivery.groupBy({ by: ['status'], where: { destinationId, workspaceId: ctx.workspace.id }, _count: { _all: true } }),
    db.deliveryAttempt.findFirst({ where: { destinationId, workspaceId: ctx.workspace.id }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } }),
  ]);
  const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatusName, number>;
  for (const g of groups) counts[g.status as DeliveryStatusName] = g._count._all;
  return { counts, lastAttemptAt: last?.startedAt.toISOString() ?? null };
}
