import 'server-only';
import { getDb } from '@/lib/server/db';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { recordAction } from '@/lib/server/audit/change';
import { listAuditEvents } from '@/lib/server/audit-log/query';
import { streamAuditCsv } from '@/lib/server/audit-log/csv';
import { verifyAuditChain } from '@/lib/server/audit-log/verify';
import { verifyCheckpoints } from '@/lib/server/audit-log/checkpoint-verify';
import { checkpointFile, latestCheckpoint } from '@/lib/server/audit-log/checkpoints';
import { checkpointAlongside, checkpointView } from '@/lib/server/audit-log/checkpoint-service';
import { trustedPublicKeys } from '@/lib/server/audit-log/signing-key';
import type { AuditFilters, AuditPage, AuditVerifyView } from '@/lib/schemas/audit';

// The audit log is itself PHI-bearing (end user ids, IPs), so viewing, exporting
// and verifying it are audited like any other PHI screen.

/** The filter as it goes in `changes`: what was looked at, in a reviewable form. */
function filterRecord(f: AuditFilters): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (f.eventType?.length) out.eventType = f.eventType;
  if (f.actorUserId) out.actorUserId = f.actorUserId;
  if (f.endUserId) out.endUserId = f.endUserId;
  if (f.targetType) out.targetType = f.targetType;
  if (f.targetId) out.targetId = f.targetId;
  if (f.from) out.from = f.from.toISOString();
  if (f.to) out.to = f.to.toISOString();
  return Object.keys(out).length ? { filter: out } : null;
}

/** One "Audit Log Viewed" row per page request, committed before the page is returned. */
export async function viewAuditLog(
  ctx: WorkspaceCtx,
  input: AuditFilters & { cursor?: string; limit: number },
): Promise<AuditPage> {
  const db = await getDb();
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'audit.viewed',
      // Searching for an end user is itself worth finding later: "who looked up patient X".
      endUserId: input.endUserId ?? null,
      targetType: 'audit_log',
      targetId: ctx.workspace.id,
      changes: filterRecord(input),
    },
    () => listAuditEvents(db, ctx.workspace.id, input, input.cursor, input.limit),
  );
}

/**
 * Writes "Audit Log Exported" (with the filter), then hands back the CSV stream.
 * The row is committed before the first byte: a stream can run for minutes, and
 * no transaction should stay open (holding the chain head) while it does.
 */
export async function exportAuditLog(
  ctx: WorkspaceCtx,
  filters: AuditFilters,
): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  await recordAction(ctx, {
    eventType: 'audit.exported',
    endUserId: filters.endUserId ?? null,
    target: { type: 'audit_log', id: ctx.workspace.id },
    changes: { ...filterRecord(filters), format: 'csv' },
  });
  const db = await getDb();
  // Every export is anchored: the chain head, this export's own row included, is signed.
  await checkpointAlongside(db, ctx.workspace.id, 'export');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    stream: streamAuditCsv(db, ctx.workspace.id, filters),
    filename: `audit-log-${ctx.workspace.slug}-${stamp}.csv`,
  };
}

/**
 * Verifies this workspace's chain, and the chain against its signed checkpoints
 * (database and checkpoint file), then records the result (the new row follows the
 * verified head). An intact chain is signed as verified, so each verification also
 * anchors it; a broken one is never signed. Verifying a long chain can outlast an
 * interactive transaction's timeout, so it runs outside one; the result is a
 * standalone action.
 */
export async function verifyAuditLog(ctx: WorkspaceCtx): Promise<AuditVerifyView> {
  const db = await getDb();
  const chainKey = ctx.workspace.id;
  const file = checkpointFile();
  const [r, cps] = await Promise.all([
    verifyAuditChain(db, chainKey),
    verifyCheckpoints(db, { chainKey, files: file ? [file] : [], publicKeys: trustedPublicKeys() }),
  ]);
  const chain = r.chains[0];
  const ok = r.ok && cps.ok;
  if (ok) await checkpointAlongside(db, chainKey, 'verify');
  const last = await latestCheckpoint(db, chainKey);
  const firstBad = cps.firstBad;
  const view: AuditVerifyView = {
    ok,
    checked: r.checked,
    headSeq: chain?.headSeq ?? null,
    headHash: chain?.headHash ?? null,
    firstBroken: r.firstBroken ? { seq: r.firstBroken.seq, id: r.firstBroken.id, reason: r.firstBroken.reason } : null,
    checkpoints: {
      ok: cps.ok,
      checked: cps.checked,
      firstBad: firstBad
        ? {
            id: firstBad.id,
            seq: firstBad.seq,
            signedAt: firstBad.signedAt,
            source: firstBad.source,
            problem: firstBad.problem,
          }
        : null,
    },
    lastCheckpoint: last ? checkpointView(last) : null,
    verifiedAt: new Date().toISOString(),
  };
  await recordAction(ctx, {
    eventType: 'audit.verified',
    target: { type: 'audit_log', id: ctx.workspace.id },
    changes: {
      ok: view.ok,
      checked: view.checked,
      headSeq: view.headSeq,
      firstBroken: view.firstBroken,
      checkpoints: { checked: cps.checked, firstBad: firstBad ? { id: firstBad.id, problem: firstBad.problem } : null },
    },
  });
  return view;
}
