import 'server-only';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';

/** Owners of a HIPAA-eligible workspace can require TOTP for every member. */
export async function setRequireMfa(ctx: WorkspaceCtx, requireMfa: boolean): Promise<void> {
  if (requireMfa && !ctx.workspace.hipaaEligible) {
    throw new AppError('conflict', 'Requiring two-factor authentication is available for HIPAA-eligible workspaces.');
  }
  if (requireMfa && !ctx.session.mfaVerified) {
    throw new AppError('conflict', 'Set up two-factor authentication for yourself first, so you are not locked out.');
  }
  await auditedChange(ctx, 'workspace.settings_modified', async (tx, audit) => {
    const before = await tx.workspace.findUniqueOrThrow({
      where: { id: ctx.workspace.id },
      select: { requireMfa: true },
    });
    if (before.requireMfa === requireMfa) return;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { requireMfa } });
    audit.diff({
      target: { type: 'workspace', id: ctx.workspace.id },
      before,
      after: { requireMfa },
      fields: ['requireMfa'],
    });
  });
}
