import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/server/db';
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
  receivedAt: Date;
  timestamp: Date;
}

export interface StoreResult { stored: number; duplicates: number; deliveries: number }

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
    id uuid, "messageId" text, type text, "eventName" text, "userId" text, "anonymousId" text,
    payload jsonb, "blockedPaths" text[], "receivedAt" timestamptz, "timestamp" timestamptz)
), ins AS (
  INSERT INTO "Event" (id, "workspaceId", "sourceId", "messageId", type, "eventName", "userId", "anonymousId", payload, "blockedPaths", "receivedAt", "timestamp")
  SELECT id, $2::uuid, $3::uuid, "messageId", type, "eventName", "userId", "anonymousId", payload, coalesce("blockedPaths", '{}'), "receivedAt", "timestamp" FROM src
  ON CONFLICT ("sourceId", "messageId") DO NOTHING
  RETURNING id
), dl AS (
  INSERT INTO "Delivery" (id, "workspaceId", "eventId", "destinationId", status, "nextAttemptAt", "createdAt", "updatedAt")
  SELECT gen_random_uuid(), $2::uuid, ins.id, d.id, 'pending', now(), now(), now()
  FROM ins CROSS JOIN unnest($4::uuid[]) AS d(id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS stored, (SELECT count(*) FROM dl)::int AS deliveries`;

function rowJson(e: StorableEvent): string {
  const fields = {
    id: randomUUID(),
    messageId: e.messageId,
    type: e.type,
    eventName: e.eventName,
    userId: e.userId,
    anonymousId: e.anonymousId,
    blockedPaths: e.blockedPaths,
    receivedAt: e.receivedAt.toISOString(),
    timestamp: e.timestamp.toISOString(),
  };
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)},"payload":${e.payloadJson}}`;
}

export async function storeEvents(source: IngestSource, events: readonly StorableEvent[]): Promise<StoreResult> {
  if (events.length === 0) return { stored: 0, duplicates: 0, deliveries: 0 };
  const db = await getDb();
  const rows = `[${events.map(rowJson).join(',')}]`;
  const out = await db.$queryRawUnsafe<{ stored: number; deliveries: number }[]>(
    INSERT_SQL, rows, source.workspaceId, source.sourceId, source.destinationIds,
  );
  const stored = Number(out[0]?.stored ?? 0);
  return { stored, duplicates: events.length - stored, deliveries: Number(out[0]?.deliveries ?? 0) };
}
