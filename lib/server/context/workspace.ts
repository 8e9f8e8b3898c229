import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { can, type Permission, type Role } from '@/lib/permissions';
import { HIPAA_PLAN_TIER } from '@/lib/sessions/policy';
import { isUuid } from '@/lib/server/platform/names';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';

/** Membership is checked inside the query; a non-member cannot tell the workspace exists (404). */
export async function loadWorkspaceCtx(base: SessionCtx, workspaceId: string): Promise<WorkspaceCtx> {
  if (!isUuid(workspaceId)) throw new AppError('not_found', 'Workspace not found.');
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: base.user.id } },
    select: {
      role: true,
      piiAccess: true,
      workspace: {
        select: {
          id: true,
          name: true,
          slug: true,
          requireMfa: true,
          baas: { where: { revokedAt: null, planTier: HIPAA_PLAN_TIER }, select: { id: true }, take: 1 },
        },
      },
    },
  });
  if (!m) throw new AppError('not_found', 'Workspace not found.');
  const role = m.role as Role;
  const grants = { piiAccess: m.piiAccess };
  const { baas, ...w } = m.workspace;
  const hipaaEligible = baas.length > 0;
  if (w.requireMfa && hipaaEligible && !base.session.mfaVerified) {
    throw new AppError(
      'mfa_required',
      'This workspace requires two-factor authentication. Set it up or sign in with your code.',
    );
  }
  return { ...base, workspace: { ...w, hipaaEligible }, role, grants, can: (p) => can(role, p, grants) };
}

export function requirePermission(ctx: WorkspaceCtx, permission: Permission): void {
  if (!ctx.can(permission)) throw new AppError('forbidden', 'Your role does not allow this action.');
}
