import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { computeBlastRadius, type DestinationExposure, type SensitiveColor } from '@/lib/destinations/exposure';
import { functionFates } from '@/lib/server/destinations/protection/function-exposure';

// The database side of the PHI blast radius: loads what the pure core
// (lib/destinations/exposure.ts) needs, scoped to the workspace.

/** The destination columns the core reads; the Inventory's per-field view selects them too. */
export const BLAST_DESTINATION_SELECT = {
  id: true,
  name: true,
  catalogId: true,
  sourceId: true,
  baaOverride: true,
  encryptionEnabled: true,
  encryptedFields: true,
  hashingEnabled: true,
  hashedFields: true,
  insertFunctionId: true,
} as const;

/** Loads what the core needs for the workspace (or one destination) and computes it. */
export async function loadBlastRadius(
  ctx: WorkspaceCtx,
  only?: { destinationId: string },
): Promise<DestinationExposure[]> {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const destinations = await db.destination.findMany({
    where: { workspaceId, ...(only ? { id: only.destinationId } : {}) },
    orderBy: { name: 'asc' },
    select: BLAST_DESTINATION_SELECT,
  });
  if (destinations.length === 0) return [];
  const sourceIds = [...new Set(destinations.map((d) => d.sourceId))];
  const [sources, fields] = await Promise.all([
    db.source.findMany({ where: { workspaceId, id: { in: sourceIds } }, select: { id: true, blockRed: true } }),
    db.observedField.findMany({
      where: {
        workspaceId,
        classification: { in: ['red', 'yellow'] },
        occurrences: { some: { workspaceId, sourceId: { in: sourceIds } } },
      },
      select: {
        id: true,
        keyPath: true,
        normalizedKey: true,
        classification: true,
        occurrences: {
          where: { workspaceId, sourceId: { in: sourceIds } },
          select: { sourceId: true },
          distinct: ['sourceId'],
        },
      },
    }),
  ]);
  const fates = await functionFates(destinations);
  return computeBlastRadius({
    destinations: destinations.map((d) => ({ ...d, functionFates: fates.get(d.id) })),
    sources,
    fields: fields.map((f) => ({
      id: f.id,
      keyPath: f.keyPath,
      normalizedKey: f.normalizedKey,
      classification: f.classification as SensitiveColor,
      sourceIds: f.occurrences.map((o) => o.sourceId),
    })),
  });
}
