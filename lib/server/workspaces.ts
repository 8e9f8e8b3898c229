import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/access';
import { HIPAA_PLAN_TIER } from '@/lib/server/auth/policy';

export async function getWorkspaceOverview(ctx: WorkspaceCtx) {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const [sources, destinations, members] = await Promise.all([
    db.source.count({ where: { workspaceId } }),
    db.destination.count({ where: { workspaceId } }),
    db.membership.count({ where: { workspaceId } }),
  ]);
  return { sources, destinations, members };
}

export async function getActiveBaa(workspaceId: string) {
  const db = await getDb();
  return db.baa.findFirst({
    where: { workspaceId, revokedAt: null },
    orderBy: { recordedAt: 'desc' },
    select: { id: true, signedAt: true, signatory: true, planTier: true, recordedAt: true },
  });
}

/** What stands between a workspace and the HIPAA-eligible badge, in plain words. */
export function eligibilityGaps(baa: { planTier: string } | null): string[] {
  if (!baa) return ['No Business Associate Addendum (BAA) is on record.'];
  if (baa.planTier !== HIPAA_PLAN_TIER) return [`The BAA is on the ${baa.planTier} plan; the Business plan is required.`];
  return [];
}
