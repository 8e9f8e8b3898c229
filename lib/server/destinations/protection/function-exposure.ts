import 'server-only';
import { getDb } from '@/lib/server/db';
import { FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { sharedTtlCache } from '@/lib/server/platform/ttl-cache';
import { getDestinationRuntime } from '@/lib/server/destinations/runtime';
import { insertOutcomeOf } from '@/lib/server/destinations/function-run';
import {
  fatesOf,
  outputOf,
  runForPreview,
  type FieldFate,
} from '@/lib/server/destinations/protection/function-preview';

// The PHI blast radius of a destination that runs functions: a function's code
// cannot be read for what it removes, so it is run (capture mode: nothing is
// sent) on the latest events of the destination's source, and each field's fate
// is what the worst sample shows. A field no sample carried keeps the ordinary
// treatment (clear unless protected), so the Overview never under-reports.

const SAMPLES = 5;
const RANK: Record<FieldFate, number> = { clear: 2, changed: 1, removed: 0 };

/** `properties.items[3].sku` → `properties.items[].sku`, the Privacy Portal's key path. */
const keyPathOf = (concrete: string) => concrete.replace(/\[\d+\]/g, '[]');

async function computeFates(destinationId: string): Promise<Map<string, FieldFate>> {
  const rt = await getDestinationRuntime(destinationId);
  const fates = new Map<string, FieldFate>();
  if (!rt || (!rt.insert && !rt.config.fn)) return fates;
  const db = await getDb();
  const d = await db.destination.findUnique({
    where: { id: destinationId },
    select: { sourceId: true, workspaceId: true },
  });
  if (!d) return fates;
  const events = await db.event.findMany({
    where: { workspaceId: d.workspaceId, sourceId: d.sourceId },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: SAMPLES,
    select: { payload: true },
  });
  for (const e of events) {
    const input = e.payload as Record<string, unknown>;
    let event = input;
    let gone = false;
    if (rt.insert) {
      const out = insertOutcomeOf(rt.insert, await runForPreview(rt.insert, event));
      if (out.kind === 'event') event = out.event;
      else gone = true;
    }
    const sent = gone
      ? { texts: [], values: [] }
      : rt.config.fn
        ? outputOf(rt.config.fn, await runForPreview(rt.config.fn, event))
        : { texts: [JSON.stringify(event)], values: [event] };
    for (const [path, fate] of fatesOf(input, sent)) {
      const key = keyPathOf(path);
      const seen = fates.get(key);
      if (!seen || RANK[fate] > RANK[seen]) fates.set(key, fate);
    }
  }
  return fates;
}

const cache = sharedTtlCache('destinations.function-fates', computeFates, { ttlMs: 30_000, max: 1_000 });

/** Field fates (by key path) for destinations that run a function; absent for the others. */
export async function functionFates(
  destinations: readonly { id: string; catalogId: string; insertFunctionId: string | null }[],
): Promise<Map<string, ReadonlyMap<string, FieldFate>>> {
  const out = new Map<string, ReadonlyMap<string, FieldFate>>();
  await Promise.all(
    destinations
      .filter((d) => d.catalogId === FUNCTION_CATALOG_ID || d.insertFunctionId)
      .map(async (d) => {
        out.set(d.id, await cache.get(d.id));
      }),
  );
  return out;
}
