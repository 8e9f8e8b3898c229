import 'server-only';
import type { Tx } from '@/lib/server/db';
import { recordAudit } from '@/lib/server/audit/record';
import type { AuditEventType } from '@/lib/audit-events';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

/**
 * Sign-in and session events belong to a person, not a workspace. Each of the
 * person's workspaces gets its own row, so every workspace's compliance staff see
 * them in their own (separately chained) log. A person with no workspace is
 * recorded in the global chain.
 */
export async function recordUserEvent(
  tx: Tx,
  userId: string,
  eventType: AuditEventType,
  meta: RequestMeta,
  extra: { targetType?: string; targetId?: string; changes?: Record<string, unknown> } = {},
): Promise<void> {
  const memberships = await tx.membership.findMany({
    where: { userId },
    select: { workspaceId: true },
    orderBy: { workspaceId: 'asc' },
  });
  const workspaceIds: (string | null)[] = memberships.length ? memberships.map((m) => m.workspaceId) : [null];
  for (const workspaceId of workspaceIds) {
    await recordAudit(tx, {
      workspaceId,
      actorUserId: userId,
      actorType: 'user',
      eventType,
      targetType: extra.targetType ?? 'user',
      targetId: extra.targetId ?? userId,
      changes: extra.changes ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
    });
  }
}
