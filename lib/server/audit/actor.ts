import 'server-only';
import type { SessionCtx, WorkspaceSummary } from '@/lib/server/context/types';
import type { AuditActor } from '@/lib/server/audit/record';

/** The actor fields every audit row of this request carries. */
export function auditActor(ctx: SessionCtx & { workspace?: WorkspaceSummary }): AuditActor {
  return {
    workspaceId: ctx.workspace?.id ?? null,
    actorUserId: ctx.user.id,
    actorType: 'user',
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    requestId: ctx.meta.requestId,
  };
}
