import 'server-only';
import { randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { postOutbound } from '@/lib/server/outbound/http-client';
import { loadSigningKey, type SigningKey } from '@/lib/server/audit-log/signing-key';

// Signed checkpoints (CloudTrail's digest files, in small): every hour, on every
// export and whenever someone verifies the log, each chain's head is signed with
// an Ed25519 key that is not in the database. The checkpoint is stored in the
// database, appended to a JSONL file (AUDIT_CHECKPOINT_FILE, default
// .data/audit-checkpoints.jsonl) and, when AUDIT_CHECKPOINT_WEBHOOK is set, posted
// to a SIEM. Whoever can rewrite the audit tables can re-hash a chain and its head
// so that it links up again, but cannot make it end at a signed hash it did not
// have, nor sign a new one: verification (checkpoint-verify.ts) catches both.

export type CheckpointReason = 'scheduled' | 'verify' | 'export' | 'manual';

/** One checkpoint as signed, stored, written to the file and sent (seq and rowCount as strings: bigints). */
export interface Checkpoint {
  v: 1;
  id: string;
  chainKey: string;
  seq: string;
  rowCount: string;
  lastHash: string;
  signedAt: string;
  reason: CheckpointReason;
  keyId: string;
  sig: string;
}

export type CheckpointTarget = 'file' | 'webhook';

/** The exact bytes signed: a fixed label, then every field but the signature, one per line. */
export function checkpointMessage(c: Omit<Checkpoint, 'sig'>): Buffer {
  return Buffer.from(
    [
      'privacy-console audit checkpoint v1',
      c.id,
      c.chainKey,
      c.seq,
      c.rowCount,
      c.lastHash,
      c.signedAt,
      c.reason,
      c.keyId,
    ].join('\n'),
    'utf8',
  );
}

export function signCheckpoint(c: Omit<Checkpoint, 'sig' | 'keyId' | 'v'>, key: SigningKey): Checkpoint {
  const body = { v: 1 as const, ...c, keyId: key.keyId };
  return { ...body, sig: sign(null, checkpointMessage(body), key.privateKey).toString('base64url') };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.sig, 'base64url'));
  } catch {
    return false;
  }
}

/** AUDIT_CHECKPOINT_FILE, default .data/audit-checkpoints.jsonl; "off" turns the file copy off. */
export function checkpointFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.AUDIT_CHECKPOINT_FILE?.trim();
  if (v && /^(off|none|false|0)$/i.test(v)) return null;
  return path.resolve(/*turbopackIgnore: true*/ v || path.join(process.cwd(), '.data', 'audit-checkpoints.jsonl'));
}

export function checkpointWebhook(env: NodeJS.ProcessEnv = process.env): URL | null {
  const v = env.AUDIT_CHECKPOINT_WEBHOOK?.trim();
  return v && URL.canParse(v) ? new URL(v) : null;
}

/** Appends whole lines with O_APPEND and fsyncs, so a crash leaves no half-written checkpoint behind. */
async function appendToFile(file: string, checkpoints: Checkpoint[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(checkpoints.map((c) => JSON.stringify(c) + '\n').join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sendToWebhook(url: URL, checkpoints: Checkpoint[]): Promise<void> {
  const auth = process.env.AUDIT_CHECKPOINT_WEBHOOK_AUTH?.trim();
  const r = await postOutbound(
    url,
    JSON.stringify({ type: 'privacy-console.audit-checkpoints', checkpoints }),
    auth ? { authorization: auth } : {},
    5000,
  );
  if (r.status < 200 || r.status >= 300) throw new Error(`webhook answered ${r.status}`);
}

interface HeadRow {
  chain_key: string;
  seq: bigint;
  hash: string;
  row_count: bigint;
  last_seq: bigint | null;
  last_hash: string | null;
}

export interface CheckpointRun {
  made: Checkpoint[];
  targets: CheckpointTarget[];
  /** Why nothing was signed, when nothing was. */
  skipped?: 'no_signing_key' | 'unchanged';
}

/**
 * Signs the head of every chain (or of `chainKey`) and writes the checkpoints out:
 * file, then webhook, then the database row, which records where the checkpoint
 * went. A file or webhook failure is logged and leaves the checkpoint in the
 * database only, so an unwritable disk or a SIEM outage never stops anchoring.
 * With `onlyChanged`, chains whose head is already the latest checkpoint are skipped
 * (the hourly run: several processes may run it, and an idle chain needs no new one).
 */
export async function createCheckpoints(
  db: Db,
  opts: { reason: CheckpointReason; chainKey?: string; onlyChanged?: boolean },
): Promise<CheckpointRun> {
  const key = loadSigningKey();
  if (!key) return { made: [], targets: [], skipped: 'no_signing_key' };
  const only = opts.chainKey === undefined ? Prisma.empty : Prisma.sql`WHERE h."chainKey" = ${opts.chainKey}`;
  // One statement, one snapshot: the head and its row count agree.
  const heads = await db.$queryRaw<HeadRow[]>`
    SELECT h."chainKey" AS chain_key, h.seq, h.hash,
      (SELECT count(*) FROM "AuditLog" l WHERE l."chainKey" = h."chainKey") AS row_count,
      c.seq AS last_seq, c."lastHash" AS last_hash
    FROM "AuditChainHead" h
    LEFT JOIN LATERAL (
      SELECT seq, "lastHash" FROM "AuditCheckpoint" k WHERE k."chainKey" = h."chainKey" ORDER BY "signedAt" DESC LIMIT 1
    ) c ON true
    ${only}
    ORDER BY 1`;
  const due = opts.onlyChanged ? heads.filter((h) => h.last_seq !== h.seq || h.last_hash !== h.hash) : heads;
  if (due.length === 0) return { made: [], targets: [], skipped: 'unchanged' };

  const signedAt = new Date().toISOString();
  const made = due.map((h) =>
    signCheckpoint(
      {
        id: randomUUID(),
        chainKey: h.chain_key,
        seq: String(h.seq),
        rowCount: String(h.row_count),
        lastHash: h.hash,
        signedAt,
        reason: opts.reason,
      },
      key,
    ),
  );

  const targets: CheckpointTarget[] = [];
  const file = checkpointFile();
  if (file) {
    try {
      await appendToFile(file, made);
      targets.push('file');
    } catch (e) {
      log.error('audit.checkpoint_file_failed', { error: (e as NodeJS.ErrnoException).code ?? 'unknown' });
    }
  }
  const hook = checkpointWebhook();
  if (hook) {
    try {
      await sendToWebhook(hook, made);
      targets.push('webhook');
    } catch (e) {
      log.error('audit.checkpoint_webhook_failed', { host: hook.host, error: (e as Error).message.slice(0, 200) });
    }
  }
  await db.auditCheckpoint.createMany({
    data: made.map((c) => ({
      id: c.id,
      chainKey: c.chainKey,
      seq: BigInt(c.seq),
      rowCount: BigInt(c.rowCount),
      lastHash: c.lastHash,
      signedAt: new Date(c.signedAt),
      reason: c.reason,
      keyId: c.keyId,
      signature: c.sig,
      targets,
    })),
  });
  log.info('audit.checkpoints_signed', { reason: opts.reason, chains: made.length, keyId: key.keyId });
  return { made, targets };
}

type StoredRow = Awaited<ReturnType<Db['auditCheckpoint']['findMany']>>[number];

export function checkpointFromRow(r: StoredRow): Checkpoint {
  return {
    v: 1,
    id: r.id,
    chainKey: r.chainKey,
    seq: String(r.seq),
    rowCount: String(r.rowCount),
    lastHash: r.lastHash,
    signedAt: r.signedAt.toISOString(),
    reason: r.reason as CheckpointReason,
    keyId: r.keyId,
    sig: r.signature,
  };
}

/** The checkpoints the database holds (of one chain, or all), oldest first. */
export async function storedCheckpoints(db: Db, chainKey?: string): Promise<Checkpoint[]> {
  const rows = await db.auditCheckpoint.findMany({
    where: chainKey === undefined ? {} : { chainKey },
    orderBy: [{ signedAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(checkpointFromRow);
}

export async function latestCheckpoint(db: Db, chainKey: string) {
  return db.auditCheckpoint.findFirst({ where: { chainKey }, orderBy: [{ signedAt: 'desc' }, { id: 'desc' }] });
}

export interface FileCheckpoint extends Checkpoint {
  /** Where it was read from, for reports: "path:line". */
  source: string;
}

export interface CheckpointFileRead {
  checkpoints: FileCheckpoint[];
  /** Lines that are not a checkpoint at all ("path:line"); a verifier reports them. */
  malformed: string[];
}

function asCheckpoint(v: unknown): Checkpoint | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const str = (k: string) => typeof o[k] === 'string';
  const ok =
    o.v === 1 && ['id', 'chainKey', 'seq', 'rowCount', 'lastHash', 'signedAt', 'reason', 'keyId', 'sig'].every(str);
  return ok ? (o as unknown as Checkpoint) : null;
}

/** Reads a JSONL checkpoint file (the one this server writes, or one kept elsewhere). Missing file: none. */
export async function readCheckpointFile(file: string, chainKey?: string): Promise<CheckpointFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], malformed: [] };
    throw e;
  }
  const out: CheckpointFileRead = { checkpoints: [], malformed: [] };
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    const c = asCheckpoint(parsed);
    if (!c) out.malformed.push(`${file}:${i + 1}`);
    else if (chainKey === undefined || c.chainKey === chainKey)
      out.checkpoints.push({ ...c, source: `${file}:${i + 1}` });
  });
  return out;
}
