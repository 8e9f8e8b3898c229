import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { recordAudit } from '@/lib/server/audit/record';

/** Owners of a HIPAA-eligible workspace can require TOTP for every member. */
export async function setRequireMfa(ctx: WorkspaceCtx, requireMfa: boolean): Promise<void> {
  if (requireMfa && !ctx.workspace.hipaaEligible) {
    throw new AppError('conflict', 'Requiring two-factor authentication is available for HIPAA-eligible workspaces.');
  }
  if (requireMfa && !ctx.session.mfaVerified) {
    throw new AppError('conflict', 'Set up two-factor authentication for yourself first, so you are not locked out.');
  }
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.workspace.id }, select: { requireMfa: true } });
    if (before.requireMfa === requireMfa) return;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { requireMfa } });
    await recordAudit(tx, { ...auditActor(ctx), eventType: 'workspace.settings_modified', targetType: 'workspace', targetId: ctx.workspace.id, changes: { before: { requireMfa: before.requireMfa }, after: { requireMfa } } });
  });
}
