import 'server-only';
import type { Db } from '@/lib/server/db';
import type { FinalStatus } from '@/lib/server/delivery/backoff';
import type { FunctionLog } from '@/lib/server/destinations/senders/types';

// The delivery queue is the Delivery table itself: a SKIP LOCKED outbox, not
// pg-boss or graphile-worker. Why: (1) ingest enqueues in the SAME statement that
// stores the events, which a separate job table in another library's schema
// could not share as cheaply, and that is what makes enqueue exactly-once;
// (2) it runs unchanged on the embedded PGlite and on Postgres (pg-boss needs
// LISTEN/advisory-lock behaviour and its own schema management); (3) the rows are
// also the Event Delivery tab's data, so there is no second copy to reconcile.
//
// Claiming: FOR UPDATE SKIP LOCKED lets any number of workers, in any number of
// processes on any number of machines, take disjoint rows from one Postgres. A
// claimed row is 'delivering' with nextAttemptAt = lockedUntil = now + lock; if its
// worker dies, the row becomes due again when the lock expires (crash recovery).
// Every claim increments `attempts`, which doubles as a fencing token: a worker
// whose lock expired cannot overwrite the result of the worker that re-claimed it.

export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  destinationId: string;
  eventId: string;
  attempts: number;
  /** Where the retry budget's max age counts from: the latest Replay, else when it was queued. */
  ageFrom: Date;
  /** null when the event no longer exists (its source was deleted). */
  payload: Record<string, unknown> | null;
  messageId: string | null;
}

const CLAIM_SQL = `
WITH fresh AS (
  SELECT id, "eventId" FROM "Delivery" WHERE status = 'pending' AND "nextAttemptAt" <= now()
  ORDER BY "nextAttemptAt" LIMIT $1 FOR UPDATE SKIP LOCKED
), again AS (
  SELECT id, "eventId" FROM "Delivery" WHERE status IN ('retrying', 'delivering') AND "nextAttemptAt" <= now()
  ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED
), due AS (
  SELECT u.id, e.payload, e."messageId"
  FROM (SELECT id, "eventId" FROM fresh UNION ALL SELECT id, "eventId" FROM again) u
  LEFT JOIN "Event" e ON e.id = u."eventId"
)
UPDATE "Delivery" d
SET status = 'delivering', attempts = d.attempts + 1,
    "lockedUntil" = now() + make_interval(secs => $3::double precision),
    "nextAttemptAt" = now() + make_interval(secs => $3::double precision),
    "updatedAt" = now()
FROM due WHERE d.id = due.id
RETURNING d.id, d."workspaceId", d."destinationId", d."eventId", d.attempts, coalesce(d."replayedAt", d."createdAt") AS "ageFrom", due.payload, due."messageId"`;

/** Claims up to `limit` due deliveries; a quarter of the slots go to retries so they never starve. */
export async function claimDeliveries(db: Db, limit: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
  const retrySlots = Math.max(1, Math.floor(limit / 4));
  const rows = await db.$queryRawUnsafe<ClaimedDelivery[]>(CLAIM_SQL, limit, retrySlots, lockSeconds);
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts), ageFrom: new Date(r.ageFrom) }));
}

export interface DeliveryResult {
  id: string;
  /** The attempts value seen at claim time (fencing token). */
  attempts: number;
  status: FinalStatus;
  /** Delay before the next attempt (status retrying); computed against the database clock. */
  retryInMs: number | null;
  lastError: string | null;
  lastStatus: number | null;
  /** The protected event as JSON text, or null to keep what is stored. */
  payloadJson: string | null;
}

export interface AttemptRow {
  workspaceId: string;
  deliveryId: string;
  destinationId: string;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  outcome: string;
  error: string | null;
  /** A function's console output and fetches for this attempt (Destination or Insert Function). */
  functionLog?: FunctionLog | null;
}

// One round trip records every outcome of a claimed batch and its attempts.
const FINISH_SQL = `
WITH x AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, attempts int, status text, "retryInMs" double precision, "lastError" text, "lastStatus" int, payload jsonb)
), upd AS (
  UPDATE "Delivery" d
  SET status = x.status::"DeliveryStatus",
      "nextAttemptAt" = CASE WHEN x."retryInMs" IS NULL THEN d."nextAttemptAt" ELSE now() + make_interval(secs => x."retryInMs" / 1000.0) END,
      "lockedUntil" = NULL,
      "lastError" = x."lastError",
      "lastStatus" = x."lastStatus",
      payload = coalesce(x.payload, d.payload),
      "deliveredAt" = CASE WHEN x.status = 'delivered' THEN now() ELSE d."deliveredAt" END,
      "updatedAt" = now()
  FROM x WHERE d.id = x.id AND d.status = 'delivering' AND d.attempts = x.attempts
  RETURNING d.id
), att AS (
  INSERT INTO "DeliveryAttempt" (id, "workspaceId", "deliveryId", "destinationId", "startedAt", "durationMs", "statusCode", outcome, error, "functionLog")
  SELECT gen_random_uuid(), a."workspaceId", a."deliveryId", a."destinationId", a."startedAt", a."durationMs", a."statusCode", a.outcome, a.error, a."functionLog"
  FROM jsonb_to_recordset($2::jsonb) AS a(
    "workspaceId" uuid, "deliveryId" uuid, "destinationId" uuid, "startedAt" timestamptz, "durationMs" int, "statusCode" int, outcome text, error text, "functionLog" jsonb)
  RETURNING 1
)
SELECT (SELECT count(*) FROM upd)::int AS updated`;

export async function finishDeliveries(
  db: Db,
  results: readonly DeliveryResult[],
  attempts: readonly AttemptRow[],
): Promise<number> {
  if (results.length === 0 && attempts.length === 0) return 0;
  // Payloads are spliced in as the JSON text already built for the send, not serialised again.
  const rows = results.map(
    ({ payloadJson, ...r }) => `${JSON.stringify(r).slice(0, -1)},"payload":${payloadJson ?? 'null'}}`,
  );
  const out = await db.$queryRawUnsafe<{ updated: number }[]>(
    FINISH_SQL,
    `[${rows.join(',')}]`,
    JSON.stringify(attempts),
  );
  return Number(out[0]?.updated ?? 0);
}
