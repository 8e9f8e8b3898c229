import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { can, type Grants, type Permission, type Role } from '@/lib/permissions';
import { HIPAA_PLAN_TIER } from '@/lib/sessions/policy';
import type { ValidSession } from '@/lib/server/sessions/sessions';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

export interface WorkspaceSummary { id: string; name: string; slug: string; hipaaEligible: boolean; requireMfa: boolean }

export interface SessionCtx { session: ValidSession; user: ValidSession['user']; meta: RequestMeta }
export interface WorkspaceCtx extends SessionCtx {
  workspace: WorkspaceSummary;
  role: Role;
  grants: Grants;
  can: (p: Permission) => boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Membership is checked inside the query; a non-member cannot tell the workspace exists (404). */
export async function loadWorkspaceCtx(base: SessionCtx, workspaceId: string): Promise<WorkspaceCtx> {
  if (!UUID.test(workspaceId)) throw new AppError('not_found', 'Workspace not found.');
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: base.user.id } },
    select: {
      role: true,
      piiAccess: true,
      workspace: {
        select: {
          id: true, name: true, slug: true, requireMfa: true,
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
    throw new AppError('mfa_required', 'This workspace requires two-factor authentication. Set it up or sign in with your code.');
  }
  return { ...base, workspace: { ...w, hipaaEligible }, role, grants, can: (p) => can(role, p, grants) };
}

export function requirePermission(ctx: WorkspaceCtx, permission: Permission): void {
  if (!ctx.can(permission)) throw new AppError('forbidden', 'Your role does not allow this action.');
}

/** The actor fields every audit row of this request carries. */
export function auditActor(ctx: SessionCtx & { workspace?: WorkspaceSummary }) {
  return {
    workspaceId: ctx.workspace?.id ?? null,
    actorUserId: ctx.user.id,
    actorType: 'user' as const,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    requestId: ctx.meta.requestId,
  };
}

export async function listUserWorkspaces(userId: string) {
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
    orderBy: { workspace: { name: 'asc' } },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role as Role }));
}
