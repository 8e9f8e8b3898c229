import 'server-only';
import path from 'node:path';
import type { Db } from '@/lib/server/db';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { log } from '@/lib/server/log';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { recordAction } from '@/lib/server/audit/change';
import { loadSigningKey } from '@/lib/server/audit-log/signing-key';
import {
  checkpointFile,
  checkpointWebhook,
  createCheckpoints,
  latestCheckpoint,
  type CheckpointReason,
} from '@/lib/server/audit-log/checkpoints';
import { checkpointIntervalMinutes } from '@/lib/server/audit-log/checkpoint-timer';
import type { AuditCheckpointStatusView, AuditCheckpointView } from '@/lib/schemas/audit';

// The console's side of the signed checkpoints: what the Audit Log page shows
// about them, and signing a workspace's chain on demand (a route, an export).

type Row = NonNullable<Awaited<ReturnType<typeof latestCheckpoint>>>;

export function checkpointView(r: Row): AuditCheckpointView {
  return {
    id: r.id,
    seq: String(r.seq),
    rowCount: String(r.rowCount),
    signedAt: r.signedAt.toISOString(),
    reason: r.reason,
    keyId: r.keyId,
    targets: r.targets,
  };
}

function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export async function checkpointStatus(ctx: WorkspaceCtx): Promise<AuditCheckpointStatusView> {
  const db = await getDb();
  const key = loadSigningKey();
  const last = await latestCheckpoint(db, ctx.workspace.id);
  const file = checkpointFile();
  return {
    signing: { configured: key !== null, keyId: key?.keyId ?? null },
    destinations: { file: file ? shownPath(file) : null, webhook: checkpointWebhook()?.host ?? null },
    intervalMinutes: checkpointIntervalMinutes(),
    lastCheckpoint: last ? checkpointView(last) : null,
  };
}

/** Signs this workspace's chain head now ("Audit Log Checkpoint Signed" follows it in the chain). */
export async function signWorkspaceCheckpoint(ctx: WorkspaceCtx): Promise<AuditCheckpointView> {
  const db = await getDb();
  const run = await createCheckpoints(db, { reason: 'manual', chainKey: ctx.workspace.id });
  if (run.skipped === 'no_signing_key')
    throw new AppError(
      'conflict',
      'No audit signing key is configured: set AUDIT_SIGNING_KEY (npm start keeps one in .data/secrets.json).',
    );
  const made = run.made[0];
  if (!made) throw new AppError('not_found', 'This workspace has no audit rows to sign yet.');
  await recordAction(ctx, {
    eventType: 'audit.checkpoint_signed',
    target: { type: 'audit_log', id: ctx.workspace.id },
    changes: { seq: made.seq, lastHash: made.lastHash, keyId: made.keyId, targets: run.targets },
  });
  const row = await latestCheckpoint(db, ctx.workspace.id);
  return checkpointView(row!);
}

/**
 * A checkpoint that rides along with another action (an export, a verification):
 * a failure to sign is logged, never fails the action itself.
 */
export async function checkpointAlongside(db: Db, chainKey: string, reason: CheckpointReason): Promise<void> {
  try {
    await createCheckpoints(db, { reason, chainKey });
  } catch (e) {
    log.error('audit.checkpoint_failed', { reason, chainKey, error: e instanceof Error ? e.name : 'unknown' });
  }
}
