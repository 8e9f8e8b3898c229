// Bulk rows with controlled timestamps for query tests. Inserted directly (INSERT
// is allowed; only UPDATE/DELETE/TRUNCATE are blocked); their hashes are
// placeholders because these tests are about reading, not the chain.
import type { RawDb } from '@/lib/db/raw';

export interface SeedOpts {
  workspaceId: string;
  count: number;
  actorA: string;
  actorB: string;
  perTimestamp?: number;
}

/**
 * Row g (1..count): actor A when g % 3 = 0 else B; 'audit.exported' when g % 4 = 0
 * else 'audit.viewed'; endUserId 'eu-(g % 5)'; target destination/'d(g % 2)';
 * groups of `perTimestamp` rows share a timestamp, one minute apart from 2026-01-01Z.
 */
export async function seedRows(raw: RawDb, o: SeedOpts): Promise<void> {
  await raw.query(
    `INSERT INTO "AuditLog" (id, "chainKey", seq, "workspaceId", "actorUserId", "actorType", "eventType", "endUserId",
       "timestamp", "targetType", "targetId", "userAgent", changes, "prevHash", hash)
     SELECT gen_random_uuid(), $1::text, g, $1::text::uuid, CASE WHEN g % 3 = 0 THEN $2::uuid ELSE $3::uuid END, 'user',
       CASE WHEN g % 4 = 0 THEN 'audit.exported' ELSE 'audit.viewed' END, 'eu-' || (g % 5),
       timestamptz '2026-01-01T00:00:00Z' + (g / $5) * interval '1 minute', 'destination', 'd' || (g % 2),
       CASE WHEN g % 10 = 0 THEN '=HYPERLINK("http://x","y")' ELSE 'Mozilla/5.0, "quoted"' END,
       CASE WHEN g % 7 = 0 THEN jsonb_build_object('after', jsonb_build_object('name', E'line1\\nline2, "q"')) END,
       '', ''
     FROM generate_series(1, $4::int) g`,
    [o.workspaceId, o.actorA, o.actorB, o.count, o.perTimestamp ?? 7],
  );
}

export async function expectedOrder(
  raw: RawDb,
  workspaceId: string,
  where = 'true',
  params: unknown[] = [],
): Promise<string[]> {
  const rows = await raw.query<{ id: string }>(
    `SELECT id::text AS id FROM "AuditLog" WHERE "workspaceId" = $1::uuid AND ${where} ORDER BY "timestamp" DESC, id DESC`,
    [workspaceId, ...params],
  );
  return rows.map((r) => r.id);
}
