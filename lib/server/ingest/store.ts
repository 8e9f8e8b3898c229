import 'server-only';
import { getDb } from '@/lib/server/db';
import { Coalescer } from '@/lib/server/ingest/coalesce';
import type { IngestSource } from '@/lib/server/ingest/source-config';

export interface StorableEvent {
  messageId: string;
  type: string;
  eventName: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** The payload, already serialised once (its size was checked on this exact text). */
  payloadJson: string;
  blockedPaths: string[];
  timestamp: Date;
}

export interface StoreResult {
  stored: number;
  duplicates: number;
  deliveries: number;
}

// The transactional outbox. ONE statement inserts the events and, for each new
// event, one pending Delivery row per destination. A single statement is atomic
// on its own (no BEGIN/COMMIT round trips), so when it returns the events and
// their queue entries are committed together, or neither is: an acknowledged
// event can never be missing its deliveries, and a crash can never enqueue a
// delivery for an event that was not stored (exactly-once enqueue).
//
// messageId dedup: ON CONFLICT (sourceId, messageId) DO NOTHING. A duplicate
// (also inside one batch) inserts nothing, so it gets no new deliveries either,
// and the client still gets its 200. The window is the life of the stored event.
// Queue times use the database clock (now()), the one the workers compare with.
const INSERT_SQL = `
WITH src AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    "messageId" text, type text, "eventName" text, "userId" text, "anonymousId" text,
    payload jsonb, "blockedPaths" text[], "receivedAt" timestamptz, "timestamp" timestamptz)
), ins AS (
  INSERT INTO "Event" (id, "workspaceId", "sourceId", "messageId", type, "eventName", "userId", "anonymousId", payload, "blockedPaths", "receivedAt", "timestamp")
  SELECT gen_random_uuid(), $2::uuid, $3::uuid, "messageId", type, "eventName", "userId", "anonymousId", payload, coalesce("blockedPaths", '{}'), "receivedAt", "timestamp" FROM src
  ON CONFLICT ("sourceId", "messageId") DO NOTHING
  RETURNING id
), dl AS (
  INSERT INTO "Delivery" (id, "workspaceId", "eventId", "destinationId", status, "nextAttemptAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid(), $2::uuid, ins.id, d.id, 'pending', now(), now(), now()
  FROM ins CROSS JOIN unnest($4::uuid[]) AS d(id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS stored, (SELECT count(*) FROM dl)::int AS deliveries`;

const str = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));

/** One row of the recordset; the payload goes in as the text already serialised (and size-checked). */
function rowJson(e: StorableEvent, receivedAt: string): string {
  const blocked = e.blockedPaths.length ? `,"blockedPaths":${JSON.stringify(e.blockedPaths)}` : '';
  return (
    `{"messageId":${str(e.messageId)},"type":${str(e.type)},"eventName":${str(e.eventName)},"userId":${str(e.userId)},` +
    `"anonymousId":${str(e.anonymousId)},"receivedAt":"${receivedAt}","timestamp":"${e.timestamp.toISOString()}"${blocked},"payload":${e.payloadJson}}`
  );
}

async function writeRows(source: IngestSource, rows: string[]): Promise<StoreResult> {
  const db = await getDb();
  const out = await db.$queryRawUnsafe<{ stored: number; deliveries: number }[]>(
    INSERT_SQL,
    `[${rows.join(',')}]`,
    source.workspaceId,
    source.sourceId,
    source.destinationIds,
  );
  const stored = Number(out[0]?.stored ?? 0);
  return { stored, duplicates: rows.length - stored, deliveries: Number(out[0]?.deliveries ?? 0) };
}

// Requests for one source (and one destination set) share statements under load.
const coalescer = new Coalescer<IngestSource, StoreResult>(
  writeRows,
  (s) => `${s.sourceId}|${s.destinationIds.join(',')}`,
);

/**
 * Stores one request's events (all received at `receivedAt`) with their outbox rows;
 * resolves once they are committed. The counts are those of the statement that held
 * them, which under load also held other requests' events.
 */
export async function storeEvents(
  source: IngestSource,
  events: readonly StorableEvent[],
  receivedAt: Date,
): Promise<StoreResult> {
  if (events.length === 0) return { stored: 0, duplicates: 0, deliveries: 0 };
  const at = receivedAt.toISOString();
  return coalescer.submit(
    source,
    events.map((e) => rowJson(e, at)),
  );
}
