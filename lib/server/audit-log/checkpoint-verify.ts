import 'server-only';
import type { KeyObject } from 'node:crypto';
import type { Db } from '@/lib/server/db';
import { keyIdOf } from '@/lib/server/audit-log/signing-key';
import {
  checkpointSignatureValid,
  readCheckpointFile,
  storedCheckpoints,
  type Checkpoint,
} from '@/lib/server/audit-log/checkpoints';

// Checks the audit chains against signed checkpoints, from the database and from
// any JSONL files (the server's own copy, or one kept elsewhere). A checkpoint
// says "chain K ended at seq S with hash H"; since every row's hash covers the row
// before it, a chain that still links up (verify.ts) and still has H at S is the
// chain that was signed, up to S. Re-hashing the chain after an edit changes H at
// S, so the first checkpoint after the edit no longer matches; forging a new
// checkpoint needs the private key, which is not in the database.

export type CheckpointProblem =
  /** Signed by a key the verifier does not trust (forged, or from another installation). */
  | 'unknown_key'
  /** The signature does not match its fields (the checkpoint itself was edited). */
  | 'bad_signature'
  /** The chain has no row at the signed seq (rows cut off, or purged after retention). */
  | 'row_missing'
  /** The row at the signed seq has another hash: the chain was rewritten and re-hashed. */
  | 'hash_mismatch'
  /** The chain has a different number of rows up to the signed seq. */
  | 'count_mismatch';

export interface CheckpointRef {
  id: string;
  chainKey: string;
  seq: string;
  signedAt: string;
  /** "database" or "path:line". */
  source: string;
}

export interface BadCheckpoint extends CheckpointRef {
  problem: CheckpointProblem;
}

export interface CheckpointReport {
  ok: boolean;
  /** Checkpoints checked (a file copy identical to the database row counts once). */
  checked: number;
  bad: BadCheckpoint[];
  /** The earliest-signed bad checkpoint: where to start looking. */
  firstBad: BadCheckpoint | null;
  /** Valid checkpoints from files that the database no longer (or never) held. Not a failure by itself. */
  notInDatabase: number;
  /** Lines of checkpoint files that are not checkpoints ("path:line"). */
  malformed: string[];
}

interface Sourced {
  c: Checkpoint;
  source: string;
}

interface ChainFacts {
  chain_key: string;
  first_seq: bigint | null;
  n: bigint;
  max_seq: bigint | null;
}

interface RowAt {
  chain_key: string;
  seq: bigint;
  hash: string;
}

const fingerprint = (c: Checkpoint) =>
  [c.id, c.chainKey, c.seq, c.rowCount, c.lastHash, c.signedAt, c.reason, c.keyId, c.sig].join('|');

export async function verifyCheckpointList(
  db: Db,
  input: { checkpoints: Sourced[]; publicKeys: KeyObject[]; storedIds: Set<string>; malformed?: string[] },
): Promise<CheckpointReport> {
  // A file line identical to the database row is the same checkpoint; anything else is checked on its own.
  const seen = new Set<string>();
  const list = input.checkpoints.filter(({ c }) => {
    const f = fingerprint(c);
    if (seen.has(f)) return false;
    seen.add(f);
    return true;
  });
  const trusted = new Map(input.publicKeys.map((k) => [keyIdOf(k), k]));

  const pairs = [...new Map(list.map(({ c }) => [`${c.chainKey}|${c.seq}`, c])).values()];
  const chains = [...new Set(list.map(({ c }) => c.chainKey))];
  const [rows, facts] = pairs.length
    ? await Promise.all([
        db.$queryRaw<RowAt[]>`
          SELECT l."chainKey" AS chain_key, l.seq, l.hash
          FROM unnest(${pairs.map((c) => c.chainKey)}::text[], ${pairs.map((c) => c.seq)}::bigint[]) AS p(chain_key, seq)
          JOIN "AuditLog" l ON l."chainKey" = p.chain_key AND l.seq = p.seq`,
        db.$queryRaw<ChainFacts[]>`
          SELECT "chainKey" AS chain_key, min(seq) AS first_seq, count(*) AS n, max(seq) AS max_seq
          FROM "AuditLog" WHERE "chainKey" = ANY(${chains}::text[]) GROUP BY 1`,
      ])
    : [[], []];
  const hashAt = new Map(rows.map((r) => [`${r.chain_key}|${r.seq}`, r.hash]));
  const chainFacts = new Map(facts.map((f) => [f.chain_key, f]));

  const problemOf = (c: Checkpoint): CheckpointProblem | null => {
    const key = trusted.get(c.keyId);
    if (!key) return 'unknown_key';
    if (!checkpointSignatureValid(c, key)) return 'bad_signature';
    const hash = hashAt.get(`${c.chainKey}|${c.seq}`);
    if (hash === undefined) return 'row_missing';
    if (hash !== c.lastHash) return 'hash_mismatch';
    // Rows up to S, counted from the chain's extent: exact while the chain has no gap
    // (a gap fails the chain check anyway, so the count is only judged without one).
    const f = chainFacts.get(c.chainKey);
    if (f?.first_seq != null && f.max_seq != null && BigInt(f.n) === BigInt(f.max_seq) - BigInt(f.first_seq) + 1n) {
      const upTo = BigInt(c.seq) - BigInt(f.first_seq) + 1n;
      if (upTo !== BigInt(c.rowCount)) return 'count_mismatch';
    }
    return null;
  };

  const bad: BadCheckpoint[] = [];
  let notInDatabase = 0;
  for (const { c, source } of list) {
    const problem = problemOf(c);
    if (problem) bad.push({ id: c.id, chainKey: c.chainKey, seq: c.seq, signedAt: c.signedAt, source, problem });
    else if (source !== 'database' && !input.storedIds.has(c.id)) notInDatabase += 1;
  }
  bad.sort((a, b) => a.signedAt.localeCompare(b.signedAt) || Number(BigInt(a.seq) - BigInt(b.seq)));
  const malformed = input.malformed ?? [];
  return {
    ok: bad.length === 0 && malformed.length === 0,
    checked: list.length,
    bad,
    firstBad: bad[0] ?? null,
    notInDatabase,
    malformed,
  };
}

/** The database's checkpoints and those in `files`, of one chain or all, checked against the chains. */
export async function verifyCheckpoints(
  db: Db,
  opts: { chainKey?: string; files: string[]; publicKeys: KeyObject[] },
): Promise<CheckpointReport> {
  const stored = await storedCheckpoints(db, opts.chainKey);
  const fromFiles = await Promise.all([...new Set(opts.files)].map((f) => readCheckpointFile(f, opts.chainKey)));
  return verifyCheckpointList(db, {
    checkpoints: [
      ...stored.map((c) => ({ c, source: 'database' })),
      ...fromFiles.flatMap((r) => r.checkpoints.map(({ source, ...c }) => ({ c, source }))),
    ],
    publicKeys: opts.publicKeys,
    storedIds: new Set(stored.map((c) => c.id)),
    malformed: fromFiles.flatMap((r) => r.malformed),
  });
}
