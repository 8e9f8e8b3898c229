import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db, Tx } from '@/lib/server/db';

export type BreakReason = 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'head_mismatch';

export interface BrokenLink {
  chainKey: string;
  /** For 'gap', the first missing seq; otherwise the seq of the offending row. */
  seq: number;
  /** The row where the break was seen (for a gap, the row after it); null when the tail was cut off. */
  id: string | null;
  reason: BreakReason;
}

export interface ChainReport {
  chainKey: string;
  ok: boolean;
  checked: number;
  /** The chain head (seq and hash of the newest row): record it elsewhere to anchor the chain. */
  headSeq: number | null;
  headHash: string | null;
  firstBroken?: BrokenLink;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: ChainReport[];
  firstBroken?: BrokenLink;
}

interface Row {
  chain_key: string;
  checked: bigint;
  max_seq: bigint | null;
  first_broken: string | null;
  head_seq: bigint | null;
  head_hash: string | null;
  head_row_hash: string | null;
  head_row_id: string | null;
}

const GENESIS = '0'.repeat(64);

/**
 * Recomputes every row's hash with the same SQL function that wrote it
 * (audit_row_hash) and walks each chain with lag() over (chainKey, seq), which
 * the unique index serves in order, so there is no sort and memory stays flat at
 * a million rows. The first broken link per chain is found in the same pass:
 * min() over "zero-padded seq | reason | id" strings sorts by seq, so no array of
 * broken rows is ever built. Rows and heads are read by one statement, hence one
 * snapshot: appends committing meanwhile cannot cause a false alarm.
 */
export async function verifyAuditChain(db: Db | Tx, chainKey?: string): Promise<VerifyResult> {
  const onlyLog = chainKey === undefined ? Prisma.empty : Prisma.sql`WHERE "chainKey" = ${chainKey}`;
  const onlyHead = chainKey === undefined ? Prisma.empty : Prisma.sql`WHERE "chainKey" = ${chainKey}`;
  const rows = await db.$queryRaw<Row[]>`
    WITH w AS (
      SELECT "chainKey", id, seq, "prevHash", hash,
        lag(seq) OVER c AS prev_seq,
        lag(hash) OVER c AS prev_row_hash,
        audit_row_hash("prevHash", id, "chainKey", seq, "workspaceId", "actorUserId", "actorType"::text,
          "eventType", "endUserId", "timestamp", ip, "userAgent", "requestId", "targetType", "targetId", changes) AS calc
      FROM "AuditLog" ${onlyLog}
      WINDOW c AS (PARTITION BY "chainKey" ORDER BY seq)
    ), r AS (
      SELECT "chainKey", id, seq, CASE
          WHEN seq <> coalesce(prev_seq, 0) + 1 THEN 'gap'
          WHEN "prevHash" <> coalesce(prev_row_hash, ${GENESIS}) THEN 'prev_mismatch'
          WHEN hash <> calc THEN 'hash_mismatch'
        END AS reason,
        CASE WHEN seq <> coalesce(prev_seq, 0) + 1 THEN coalesce(prev_seq, 0) + 1 ELSE seq END AS at_seq
      FROM w
    ), agg AS (
      SELECT "chainKey", count(*) AS checked, max(seq) AS max_seq,
        min(lpad(seq::text, 20, '0') || '|' || reason || '|' || at_seq || '|' || id) FILTER (WHERE reason IS NOT NULL) AS first_broken
      FROM r GROUP BY "chainKey"
    )
    SELECT coalesce(a."chainKey", h."chainKey") AS chain_key, coalesce(a.checked, 0) AS checked, a.max_seq,
      a.first_broken, h.seq AS head_seq, h.hash AS head_hash, l.hash AS head_row_hash, l.id::text AS head_row_id
    FROM agg a
    FULL JOIN (SELECT * FROM "AuditChainHead" ${onlyHead}) h ON h."chainKey" = a."chainKey"
    LEFT JOIN "AuditLog" l ON l."chainKey" = h."chainKey" AND l.seq = h.seq
    ORDER BY 1`;

  const chains = rows.map(toReport);
  const firstBroken = chains.find((c) => c.firstBroken)?.firstBroken;
  return {
    ok: !firstBroken,
    checked: chains.reduce((n, c) => n + c.checked, 0),
    chains,
    ...(firstBroken ? { firstBroken } : {}),
  };
}

function toReport(r: Row): ChainReport {
  const chainKey = r.chain_key;
  const checked = Number(r.checked);
  const maxSeq = r.max_seq === null ? 0 : Number(r.max_seq);
  const headSeq = r.head_seq === null ? null : Number(r.head_seq);
  const base = { chainKey, checked, headSeq, headHash: r.head_hash };
  const broken = firstBreak(r, chainKey, maxSeq, headSeq);
  return broken ? { ...base, ok: false, firstBroken: broken } : { ...base, ok: true };
}

function firstBreak(r: Row, chainKey: string, maxSeq: number, headSeq: number | null): BrokenLink | undefined {
  if (r.first_broken) {
    const [, reason, atSeq, id] = r.first_broken.split('|');
    return { chainKey, seq: Number(atSeq), id: id ?? null, reason: reason as BreakReason };
  }
  // Rows are internally consistent; now check them against the head, which
  // catches the newest rows being cut off or rewritten.
  if (headSeq === null) return maxSeq > 0 ? { chainKey, seq: 1, id: null, reason: 'head_mismatch' } : undefined;
  if (headSeq > maxSeq) return { chainKey, seq: maxSeq + 1, id: null, reason: 'gap' };
  if (headSeq < maxSeq || r.head_row_hash !== r.head_hash) {
    return { chainKey, seq: headSeq, id: r.head_row_id, reason: 'head_mismatch' };
  }
  return undefined;
}
