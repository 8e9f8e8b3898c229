import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { catalogEntry, effectiveBaa } from '@/lib/destinations/catalog';
import {
  computeBlastRadius,
  eventsCarrying,
  isSensitiveColor,
  mergeTreatments,
  observedFieldColor,
  summarizeExposure,
  type BlastField,
  type DestinationExposure,
  type ExposureSummary,
  type Treatment,
} from '@/lib/destinations/exposure';
import type { Color, Hit } from '@/lib/privacy/types';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { getDestinationRuntime } from '@/lib/server/destinations/runtime';
import type { FieldJudge } from '@/lib/server/destinations/protection/preview-core';
import { computeOutgoing } from '@/lib/server/destinations/protection/outgoing';
import { functionTreatments } from '@/lib/server/destinations/protection/function-exposure';

// The database side of the PHI blast radius, and so of the Overview. Every field
// path the Privacy Portal observed from a destination's source is coloured as the
// console colours it everywhere (owner's classification, else the matchers' and
// value patterns' suggestion), then put through the destination's own delivery
// pipeline (computeOutgoing, the code Preview runs) in events that carry those
// paths with placeholder values. What the pipeline labels a path is its treatment;
// the pure core (lib/destinations/exposure.ts) turns that into rows and counts.

const HITS: Record<Color, Hit> = {
  red: { color: 'red', matcher: null },
  yellow: { color: 'yellow', matcher: null },
  green: { color: 'green', matcher: null },
};

/** Placeholder values only: never a sample (samples are PHI, and sealed). */
const placeholder = (keyPath: string) => `sample value of ${keyPath}`;

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
    select: {
      id: true,
      name: true,
      catalogId: true,
      sourceId: true,
      baaOverride: true,
      enabled: true,
      insertFunctionId: true,
      source: { select: { blockRed: true } },
    },
  });
  if (destinations.length === 0) return [];
  const sourceIds = [...new Set(destinations.map((d) => d.sourceId))];
  const [classifier, rows, fnLabels] = await Promise.all([
    // The classifier Preview and the pipeline use (matchers, synonyms, quarantine).
    loadClassifier(workspaceId),
    db.observedField.findMany({
      where: { workspaceId, occurrences: { some: { workspaceId, sourceId: { in: sourceIds } } } },
      select: {
        id: true,
        keyPath: true,
        classification: true,
        suggestedColor: true,
        occurrences: {
          where: { workspaceId, sourceId: { in: sourceIds } },
          select: { sourceId: true },
          distinct: ['sourceId'],
        },
      },
    }),
    functionTreatments(destinations),
  ]);
  const colors = new Map<string, Color>();
  const fields: BlastField[] = [];
  for (const f of rows) {
    const { color, suggested } = observedFieldColor(f, classifier);
    if (color) colors.set(f.keyPath, color);
    if (!isSensitiveColor(color)) continue;
    fields.push({
      id: f.id,
      keyPath: f.keyPath,
      classification: color,
      suggested,
      sourceIds: f.occurrences.map((o) => o.sourceId),
    });
  }
  // Blocking at source and the field colours follow the observed fields' colours, not placeholder values.
  const hitOf = (keyPath: string) => {
    const c = colors.get(keyPath);
    return c ? HITS[c] : classifier.colorForPath(keyPath);
  };
  const judge: FieldJudge = { colorForPath: hitOf, classifyLeaf: (keyPath) => hitOf(keyPath) };
  const pathsBySource = new Map<string, string[]>();
  for (const f of fields)
    for (const sid of f.sourceIds) {
      const list = pathsBySource.get(sid) ?? [];
      list.push(f.keyPath);
      pathsBySource.set(sid, list);
    }

  const treated = await Promise.all(
    destinations.map(async (d) => {
      const labels = new Map<string, Treatment>();
      const rt = await getDestinationRuntime(d.id);
      if (rt) {
        const effective = effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride);
        for (const event of eventsCarrying(pathsBySource.get(d.sourceId) ?? [], placeholder)) {
          const r = await computeOutgoing(rt, {
            event,
            alreadyBlocked: null,
            blockRed: d.source.blockRed,
            classifier: judge,
            effectiveBaa: effective,
            destinationEnabled: d.enabled,
            applyFilter: false,
            runFunctions: false,
          });
          mergeTreatments(labels, r.fields);
        }
      }
      // What the destination's functions did to real events overrides for the paths those carried.
      for (const [keyPath, t] of fnLabels.get(d.id) ?? []) labels.set(keyPath, t);
      return { ...d, treatments: labels };
    }),
  );
  return computeBlastRadius({ destinations: treated, fields });
}

export interface ExposureOverview extends ExposureSummary {
  destinations: DestinationExposure[];
}

/** The Overview's figures and its blast-radius matrix, from one computation. */
export async function loadExposureOverview(ctx: WorkspaceCtx): Promise<ExposureOverview> {
  const destinations = await loadBlastRadius(ctx);
  return { destinations, ...summarizeExposure(destinations) };
}
