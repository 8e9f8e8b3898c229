import 'server-only';
import { getDb, type Db, type Tx } from '@/lib/server/db';
import { COLOR_RANK } from '@/lib/privacy/types';
import type { Color, ObservedField } from '@/lib/privacy/types';
import { isQuarantineMatcher } from '@/lib/privacy/quarantine';
import { sealSample } from '@/lib/server/privacy/samples';

// Feeds the Privacy Portal: the event pipeline calls recordObservedFields after it
// stored a batch of events, with what classifyEvent reported for each of them.
//
// Work is aggregated in memory first (per key path, and per key path × source × event
// name), then written with ONE SQL statement per workspace:
//   INSERT ObservedField ... ON CONFLICT DO UPDATE count = count + n, lastSeenAt = max
//   + INSERT ObservedFieldOccurrence ... ON CONFLICT DO UPDATE count = count + n
// Rows are inserted in key order so concurrent batches lock them in the same order.
//
// - New fields arrive with classification NULL: they are in the Inbox. With
//   Workspace.quarantineNewFields they are *treated* as Yellow until classified (see
//   loadClassifier); their row is the same, quarantine is not stored per field.
// - The first sample is kept (samples are PHI: sealed with AES-GCM, bound to the
//   workspace and key path). An empty sample (the pipeline sends '' for fields it
//   blocked at source) is not kept, so a later unblocked value can still fill it.
// - The suggestion (matcher + colour) is the most severe one ever seen for the path:
//   a field that sometimes carries an SSN value keeps suggesting Red. Hits from an
//   explicit classification or from quarantine are not matcher suggestions and are
//   ignored for it.

const MAX_KEY_PATH = 1000;
const MAX_EVENT_NAME = 200;

export type ObservedFieldInput = Pick<ObservedField, 'keyPath' | 'normalizedKey' | 'color' | 'matcher'> & {
  sample?: string | null;
  /** Events that carried the field (default 1). */
  count?: number;
};

export interface ObservationGroup {
  workspaceId: string;
  sourceId: string;
  /** Track event name, or the call type (`identify`, `page`…) for other calls. */
  eventName: string | null;
  fields: readonly ObservedFieldInput[];
  /** When the events were received (default: now). */
  at?: Date;
  /** Informational: how many events this group aggregates. */
  events?: number;
}

export interface ObserveResult {
  fields: number;
  created: number;
  occurrences: number;
}

interface FieldAgg {
  keyPath: string;
  normalizedKey: string;
  suggestedColor: Color | null;
  matcherName: string | null;
  sample: string | null;
  n: number;
  first: Date;
  last: Date;
}
interface OccAgg {
  keyPath: string;
  sourceId: string;
  eventName: string;
  n: number;
  last: Date;
}

const SEVERITY_SQL = (col: string) => `array_position(ARRAY['green','yellow','red']::text[], ${col}::text)`;

const UPSERT_SQL = `
WITH src AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(
    "keyPath" text, "normalizedKey" text, "matcherName" text, "suggestedColor" text, sample text, n bigint,
    "firstSeenAt" timestamptz, "lastSeenAt" timestamptz)
), f AS (
  INSERT INTO "ObservedField" AS o (id, "workspaceId", "keyPath", "normalizedKey", "matcherName", "suggestedColor", "sampleValueEnc", "firstSeenAt", "lastSeenAt", count)
  SELECT gen_random_uuid(), $1::uuid, "keyPath", "normalizedKey", "matcherName", "suggestedColor"::"Classification", sample, "firstSeenAt", "lastSeenAt", n
  FROM src ORDER BY "keyPath"
  ON CONFLICT ("workspaceId", "keyPath") DO UPDATE SET
    count = o.count + EXCLUDED.count,
    "firstSeenAt" = LEAST(o."firstSeenAt", EXCLUDED."firstSeenAt"),
    "lastSeenAt" = GREATEST(o."lastSeenAt", EXCLUDED."lastSeenAt"),
    "sampleValueEnc" = COALESCE(o."sampleValueEnc", EXCLUDED."sampleValueEnc"),
    "suggestedColor" = CASE WHEN EXCLUDED."suggestedColor" IS NOT NULL
        AND (o."suggestedColor" IS NULL OR ${SEVERITY_SQL('EXCLUDED."suggestedColor"')} >= ${SEVERITY_SQL('o."suggestedColor"')})
      THEN EXCLUDED."suggestedColor" ELSE o."suggestedColor" END,
    "matcherName" = CASE WHEN EXCLUDED."suggestedColor" IS NOT NULL
        AND (o."suggestedColor" IS NULL OR ${SEVERITY_SQL('EXCLUDED."suggestedColor"')} >= ${SEVERITY_SQL('o."suggestedColor"')})
      THEN EXCLUDED."matcherName" ELSE o."matcherName" END
  RETURNING id, "keyPath", (xmax = 0) AS inserted
), occ AS (
  INSERT INTO "ObservedFieldOccurrence" AS oc (id, "workspaceId", "fieldId", "sourceId", "eventName", count, "lastSeenAt")
  SELECT gen_random_uuid(), $1::uuid, f.id, y."sourceId", y."eventName", y.n, y."lastSeenAt"
  FROM jsonb_to_recordset($3::jsonb) AS y("keyPath" text, "sourceId" uuid, "eventName" text, n bigint, "lastSeenAt" timestamptz)
  JOIN f ON f."keyPath" = y."keyPath"
  -- Tenant guard: an occurrence only for a source of this workspace (and one not deleted meanwhile).
  JOIN "Source" s ON s.id = y."sourceId" AND s."workspaceId" = $1::uuid
  ORDER BY f.id, y."sourceId", y."eventName"
  ON CONFLICT ("fieldId", "sourceId", "eventName") DO UPDATE SET
    count = oc.count + EXCLUDED.count,
    "lastSeenAt" = GREATEST(oc."lastSeenAt", EXCLUDED."lastSeenAt")
  RETURNING 1
)
SELECT (SELECT count(*) FROM f)::int AS fields,
       (SELECT count(*) FROM f WHERE inserted)::int AS created,
       (SELECT count(*) FROM occ)::int AS occurrences`;

function suggestion(f: ObservedFieldInput): { color: Color | null; name: string | null } {
  if (f.matcher === null || f.color === null || isQuarantineMatcher(f.matcher)) return { color: null, name: null };
  return { color: f.color, name: f.matcher.name };
}

function aggregate(groups: readonly ObservationGroup[], now: Date) {
  const byWs = new Map<string, { fields: Map<string, FieldAgg>; occ: Map<string, OccAgg> }>();
  for (const g of groups) {
    let ws = byWs.get(g.workspaceId);
    if (!ws) byWs.set(g.workspaceId, (ws = { fields: new Map(), occ: new Map() }));
    const at = g.at ?? now;
    const eventName = (g.eventName ?? '(none)').slice(0, MAX_EVENT_NAME);
    for (const f of g.fields) {
      if (f.keyPath.length === 0 || f.keyPath.length > MAX_KEY_PATH) continue;
      const n = Math.max(1, Math.floor(f.count ?? 1));
      const s = suggestion(f);
      const sample = f.sample ? f.sample : null;
      const agg = ws.fields.get(f.keyPath);
      if (!agg) {
        ws.fields.set(f.keyPath, {
          keyPath: f.keyPath,
          normalizedKey: f.normalizedKey.slice(0, MAX_KEY_PATH),
          suggestedColor: s.color,
          matcherName: s.name,
          sample,
          n,
          first: at,
          last: at,
        });
      } else {
        agg.n += n;
        if (at < agg.first) agg.first = at;
        if (at > agg.last) agg.last = at;
        agg.sample ??= sample;
        if (s.color && (!agg.suggestedColor || COLOR_RANK[s.color] > COLOR_RANK[agg.suggestedColor])) {
          agg.suggestedColor = s.color;
          agg.matcherName = s.name;
        }
      }
      const occKey = `${f.keyPath}\u0000${g.sourceId}\u0000${eventName}`;
      const o = ws.occ.get(occKey);
      if (!o) ws.occ.set(occKey, { keyPath: f.keyPath, sourceId: g.sourceId, eventName, n, last: at });
      else {
        o.n += n;
        if (at > o.last) o.last = at;
      }
    }
  }
  return byWs;
}

function isClient(x: unknown): x is Db | Tx {
  return typeof x === 'object' && x !== null && '$queryRawUnsafe' in x;
}

/**
 * Records what the pipeline observed. Accepts one group (one source × event name,
 * possibly pre-aggregated with per-field counts) or many (e.g. one per event of a
 * batch). Call as `recordObservedFields(input)` or `recordObservedFields(tx, input)`.
 */
export async function recordObservedFields(
  input: ObservationGroup | readonly ObservationGroup[],
): Promise<ObserveResult>;
export async function recordObservedFields(
  db: Db | Tx,
  input: ObservationGroup | readonly ObservationGroup[],
): Promise<ObserveResult>;
export async function recordObservedFields(
  a: Db | Tx | ObservationGroup | readonly ObservationGroup[],
  b?: ObservationGroup | readonly ObservationGroup[],
): Promise<ObserveResult> {
  const db = isClient(a) ? a : await getDb();
  const input = isClient(a) ? b! : a;
  const groups: readonly ObservationGroup[] = Array.isArray(input) ? input : [input as ObservationGroup];
  const total: ObserveResult = { fields: 0, created: 0, occurrences: 0 };
  for (const [workspaceId, ws] of aggregate(groups, new Date())) {
    if (ws.fields.size === 0) continue;
    const fields = [...ws.fields.values()].map((f) => ({
      keyPath: f.keyPath,
      normalizedKey: f.normalizedKey,
      matcherName: f.matcherName,
      suggestedColor: f.suggestedColor,
      // Sealed for every row sent; the database keeps only the first one (COALESCE).
      sample: f.sample === null ? null : sealSample(workspaceId, f.keyPath, f.sample),
      n: f.n,
      firstSeenAt: f.first.toISOString(),
      lastSeenAt: f.last.toISOString(),
    }));
    const occ = [...ws.occ.values()].map((o) => ({
      keyPath: o.keyPath,
      sourceId: o.sourceId,
      eventName: o.eventName,
      n: o.n,
      lastSeenAt: o.last.toISOString(),
    }));
    const rows = await db.$queryRawUnsafe<{ fields: number; created: number; occurrences: number }[]>(
      UPSERT_SQL,
      workspaceId,
      JSON.stringify(fields),
      JSON.stringify(occ),
    );
    total.fields += Number(rows[0]?.fields ?? 0);
    total.created += Number(rows[0]?.created ?? 0);
    total.occurrences += Number(rows[0]?.occurrences ?? 0);
  }
  return total;
}
