// Bulk loader for bench/audit.bench.ts: 500,000 valid, hash-chained audit rows
// per workspace, generated entirely in SQL. The chain is produced by a running
// window aggregate whose step function calls audit_row_hash, the same function
// audit_append and the verifier use, so the loaded data verifies like real data.
import type { RawDb } from '../lib/db/raw';

export const BENCH_WORKSPACES = [
  'b0000000-0000-4000-8000-000000000001',
  'b0000000-0000-4000-8000-000000000002',
] as const;
export const ROWS_PER_WORKSPACE = 500_000;
/** Bench rows span the year before this instant, one every ~63 s per workspace. */
export const BENCH_END = new Date('2026-11-01T00:00:00.000Z');
export const SPAN_MS = 365 * 24 * 3600 * 1000;

const SETUP = `
CREATE OR REPLACE FUNCTION bench_chain_step(state text, p_id uuid, p_chain_key text, p_seq bigint, p_workspace_id uuid,
  p_actor_user_id uuid, p_actor_type text, p_event_type text, p_end_user_id text, p_ts timestamptz, p_ip text,
  p_user_agent text, p_request_id text, p_target_type text, p_target_id text, p_changes jsonb)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT audit_row_hash(coalesce(state, repeat('0', 64)), p_id, p_chain_key, p_seq, p_workspace_id, p_actor_user_id,
    p_actor_type, p_event_type, p_end_user_id, p_ts, p_ip, p_user_agent, p_request_id, p_target_type, p_target_id, p_changes)
$$;
DROP AGGREGATE IF EXISTS bench_chain(uuid, text, bigint, uuid, uuid, text, text, text, timestamptz, text, text, text, text, text, jsonb);
CREATE AGGREGATE bench_chain(uuid, text, bigint, uuid, uuid, text, text, text, timestamptz, text, text, text, text, text, jsonb)
  (SFUNC = bench_chain_step, STYPE = text);`;

const TEARDOWN = `
DROP AGGREGATE IF EXISTS bench_chain(uuid, text, bigint, uuid, uuid, text, text, text, timestamptz, text, text, text, text, text, jsonb);
DROP FUNCTION IF EXISTS bench_chain_step(text, uuid, text, bigint, uuid, uuid, text, text, text, timestamptz, text, text, text, text, text, jsonb);`;

// Event mix: mostly reads of PHI screens, fewer changes, like a real console.
const EVENT_MIX = [
  'source_debugger.viewed',
  'source_debugger.viewed',
  'source_debugger.raw_viewed',
  'destination.settings_viewed',
  'destination.settings_viewed',
  'destination.encryption_viewed',
  'destination.delivery_viewed',
  'privacy.inventory_viewed',
  'privacy.samples_viewed',
  'audit.viewed',
  'auth.signed_in',
  'auth.signed_out',
  'destination.modified',
  'source.modified',
  'privacy.field_classified',
  'member.role_changed',
  'audit.exported',
  'destination.encryption_keys_regenerated',
];

function insertSql(): string {
  const events = `ARRAY[${EVENT_MIX.map((e) => `'${e}'`).join(',')}]`;
  return `
WITH gen AS (
  SELECT gen_random_uuid() AS id, $1::text AS chain, g::bigint AS seq, $1::uuid AS ws,
    ('c0000000-0000-4000-8000-' || lpad((g % 25)::text, 12, '0'))::uuid AS actor,
    'user'::text AS actor_type,
    (${events})[1 + (g * 7919) % ${EVENT_MIX.length}] AS event_type,
    CASE WHEN g % 3 = 0 THEN 'eu_' || (g * 31 % 20000) END AS end_user,
    date_trunc('milliseconds', $3::timestamptz - ($2::bigint - g) * ($4::bigint / $2::bigint) * interval '1 millisecond') AS ts,
    '10.0.' || (g % 200) || '.' || (g % 250) AS ip,
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15' AS ua,
    md5(g::text || $1) AS request_id,
    CASE WHEN g % 2 = 0 THEN 'destination' ELSE 'source' END AS target_type,
    'tgt_' || (g % 300) AS target_id,
    CASE WHEN g % 5 = 0 THEN jsonb_build_object('before', jsonb_build_object('enabled', false), 'after', jsonb_build_object('enabled', true)) END AS changes
  FROM generate_series(1::bigint, $2::bigint) g
), chained AS (
  SELECT gen.*, bench_chain(id, chain, seq, ws, actor, actor_type, event_type, end_user, ts, ip, ua, request_id,
    target_type, target_id, changes) OVER (ORDER BY seq) AS h
  FROM gen
)
INSERT INTO "AuditLog" (id, "chainKey", seq, "workspaceId", "actorUserId", "actorType", "eventType", "endUserId",
  "timestamp", ip, "userAgent", "requestId", "targetType", "targetId", changes, "prevHash", hash)
SELECT id, chain, seq, ws, actor, actor_type::"ActorType", event_type, end_user, ts, ip, ua, request_id, target_type,
  target_id, changes, lag(h, 1, repeat('0', 64)) OVER (ORDER BY seq), h
FROM chained`;
}

/** Loads the bench data unless it is already there; returns what it did. */
export async function ensureBenchData(raw: RawDb, log: (s: string) => void): Promise<'reused' | 'loaded'> {
  const have = await raw.query<{ chain: string; n: string }>(
    `SELECT "chainKey" AS chain, seq::text AS n FROM "AuditChainHead" WHERE "chainKey" = ANY($1::text[])`,
    [[...BENCH_WORKSPACES]],
  );
  if (have.length === BENCH_WORKSPACES.length && have.every((h) => Number(h.n) >= ROWS_PER_WORKSPACE)) return 'reused';
  if (have.length) throw new Error('Partial bench data found; drop the bench database and run again.');
  await raw.exec(SETUP);
  try {
    for (const ws of BENCH_WORKSPACES) {
      const t0 = Date.now();
      await raw.exec('BEGIN');
      try {
        await raw.query(insertSql(), [ws, ROWS_PER_WORKSPACE, BENCH_END.toISOString(), SPAN_MS]);
        await raw.query(
          `INSERT INTO "AuditChainHead" ("chainKey", seq, hash)
           SELECT "chainKey", seq, hash FROM "AuditLog" WHERE "chainKey" = $1 ORDER BY seq DESC LIMIT 1`,
          [ws],
        );
        await raw.exec('COMMIT');
      } catch (e) {
        await raw.exec('ROLLBACK');
        throw e;
      }
      log(
        `  loaded ${ROWS_PER_WORKSPACE.toLocaleString('en-US')} rows for ${ws} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await raw.exec(TEARDOWN);
  }
  await raw.exec('VACUUM ANALYZE "AuditLog"');
  return 'loaded';
}

/** A source of workspace 2 whose debugger the overhead measurement reads. */
export const BENCH_SOURCE = 'b1000000-0000-4000-8000-000000000001';
const BENCH_EVENTS = 20_000;

/**
 * Debugger-shaped PHI: Segment track events of ~1.3 KB with patient fields, the
 * data behind "Source Debugger Raw Viewed", the most common audited read.
 */
export async function ensureBenchEvents(raw: RawDb): Promise<void> {
  const have = await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event" WHERE "sourceId" = $1::uuid`, [
    BENCH_SOURCE,
  ]);
  if ((have[0]?.n ?? 0) >= BENCH_EVENTS) return;
  await raw.query(
    `INSERT INTO "Event" (id, "workspaceId", "sourceId", "messageId", type, "eventName", "userId", "anonymousId", payload, "receivedAt", "timestamp")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'msg-' || g, 'track', 'Appointment Booked', 'patient-' || (g % 5000), md5(g::text),
       jsonb_build_object(
         'type', 'track', 'event', 'Appointment Booked', 'messageId', 'msg-' || g, 'userId', 'patient-' || (g % 5000),
         'anonymousId', md5(g::text), 'timestamp', to_char(now() - g * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'properties', jsonb_build_object('email', 'patient' || g || '@example.test', 'first_name', 'Alex', 'last_name', 'Doe' || g,
           'dob', '1980-04-12', 'phone', '+1-555-01' || lpad((g % 100)::text, 2, '0'), 'diagnosis_code', 'E11.9', 'provider', 'Dr. Rivera',
           'clinic', 'Sunshine Downtown', 'appointment_at', '2026-12-01T15:30:00Z', 'insurance_member_id', 'INS' || g, 'notes', repeat('follow-up ', 12)),
         'context', jsonb_build_object('ip', '10.0.0.' || (g % 250), 'userAgent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15',
           'library', jsonb_build_object('name', 'analytics.js', 'version', '5.2.0'), 'page', jsonb_build_object('path', '/book', 'url', 'https://portal.example/book'))),
       now() - g * interval '1 minute', now() - g * interval '1 minute'
     FROM generate_series(1, $3::int) g
     ON CONFLICT DO NOTHING`,
    [BENCH_WORKSPACES[1], BENCH_SOURCE, BENCH_EVENTS],
  );
  await raw.exec('ANALYZE "Event"');
}
