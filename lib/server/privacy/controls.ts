import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import type { PrivacyControlsView } from '@/lib/schemas/privacy';
import { invalidateClassifier } from '@/lib/server/privacy/classifier';

// Privacy Controls: per-source "Block Red fields at source" (toggled through
// PUT /sources/:id/blocking, lib/server/sources/sources.ts setSourceBlocking) and the
// workspace-wide quarantine of new fields.

export async function getPrivacyControls(ctx: WorkspaceCtx): Promise<PrivacyControlsView> {
  const db = await getDb();
  const [ws, sources] = await Promise.all([
    db.workspace.findUnique({ where: { id: ctx.workspace.id }, select: { quarantineNewFields: true } }),
    db.source.findMany({
      where: { workspaceId: ctx.workspace.id },
      select: { id: true, name: true, type: true, enabled: true, blockRed: true },
      orderBy: { name: 'asc' },
    }),
  ]);
  return { quarantineNewFields: ws?.quarantineNewFields ?? false, sources };
}

/**
 * Quarantine: unclassified fields are treated as Yellow (masked for viewers without
 * PII access) until an owner classifies them. Safer than Segment's default, so it is
 * an explicit, audited workspace setting. Forward-looking.
 */
export async function setQuarantine(ctx: WorkspaceCtx, enabled: boolean): Promise<{ quarantineNewFields: boolean }> {
  const changed = await auditedChange(ctx, 'workspace.settings_modified', async (tx, audit) => {
    const before = await tx.workspace.findUniqueOrThrow({
      where: { id: ctx.workspace.id },
      select: { quarantineNewFields: true },
    });
    if (before.quarantineNewFields === enabled) return false;
    await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { quarantineNewFields: enabled } });
    return audit.diff({
      target: { type: 'workspace', id: ctx.workspace.id },
      before,
      after: { quarantineNewFields: enabled },
      fields: ['quarantineNewFields'],
    });
  });
  if (changed) invalidateClassifier(ctx.workspace.id);
  return { quarantineNewFields: enabled };
}
