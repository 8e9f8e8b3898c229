import 'server-only';
import { getDb } from '@/lib/server/db';
import { catalogEntry, effectiveBaa, FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { mergeTreatments, type Treatment } from '@/lib/destinations/exposure';
import { sharedTtlCache } from '@/lib/server/platform/ttl-cache';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { getDestinationRuntime } from '@/lib/server/destinations/runtime';
import { leaves } from '@/lib/server/destinations/protection/function-preview';
import { computeOutgoing } from '@/lib/server/destinations/protection/outgoing';

// The PHI blast radius of a destination that runs functions: a function's code
// cannot be read for what it removes, so the destination's pipeline (the one
// Preview runs, functions in capture mode: nothing is sent) runs on the latest
// events of its source, and each key path gets the worst label any sample shows.
// A field no sample carried keeps the ordinary treatment (clear unless protected),
// so the Overview never under-reports.

const SAMPLES = 5;

async function computeTreatments(destinationId: string): Promise<Map<string, Treatment>> {
  const labels = new Map<string, Treatment>();
  const rt = await getDestinationRuntime(destinationId);
  if (!rt || (!rt.insert && !rt.config.fn)) return labels;
  const db = await getDb();
  const d = await db.destination.findUnique({
    where: { id: destinationId },
    select: {
      sourceId: true,
      workspaceId: true,
      catalogId: true,
      baaOverride: true,
      enabled: true,
      source: { select: { blockRed: true } },
    },
  });
  if (!d) return labels;
  const [classifier, events] = await Promise.all([
    loadClassifier(d.workspaceId),
    db.event.findMany({
      where: { workspaceId: d.workspaceId, sourceId: d.sourceId },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: SAMPLES,
      select: { payload: true, blockedPaths: true },
    }),
  ]);
  const baa = effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride);
  for (const e of events) {
    const r = await computeOutgoing(rt, {
      event: e.payload as Record<string, unknown>,
      alreadyBlocked: e.blockedPaths,
      blockRed: d.source.blockRed,
      classifier,
      effectiveBaa: baa,
      destinationEnabled: d.enabled,
      applyFilter: false,
      runFunctions: true,
    });
    // An Insert Function that stops the event: none of its fields leaves.
    const fields =
      r.stopped?.by === 'insert' ? leaves(r.input).map(([path]) => ({ path, label: 'dropped' as const })) : r.fields;
    mergeTreatments(labels, fields);
  }
  return labels;
}

const cache = sharedTtlCache('destinations.function-fates', computeTreatments, { ttlMs: 30_000, max: 1_000 });

/** Labels (by key path) the destination's functions give the fields of recent events; absent without functions. */
export async function functionTreatments(
  destinations: readonly { id: string; catalogId: string; insertFunctionId: string | null }[],
): Promise<Map<string, ReadonlyMap<string, Treatment>>> {
  const out = new Map<string, ReadonlyMap<string, Treatment>>();
  await Promise.all(
    destinations
      .filter((d) => d.catalogId === FUNCTION_CATALOG_ID || d.insertFunctionId)
      .map(async (d) => {
        out.set(d.id, await cache.get(d.id));
      }),
  );
  return out;
}
