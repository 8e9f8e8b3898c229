import 'server-only';
import { getDb, type Db, type Tx } from '@/lib/server/db';
import type { SessionCtx } from '@/lib/server/context/types';
import { HIPAA_PLAN_TIER } from '@/lib/sessions/policy';

export interface MfaStatus {
  /** When the signed-in user turned on their authenticator app, or null while it is off. */
  totpEnabledAt: Date | null;
  recoveryCodesLeft: number;
  /** Names of the user's workspaces that enforce two-factor (so it cannot be turned off). */
  requiredBy: string[];
}

/**
 * The user's workspaces that enforce two-factor authentication: the same rule
 * loadWorkspaceCtx applies (requireMfa on a HIPAA-eligible workspace).
 */
export async function workspacesRequiringMfa(db: Db | Tx, userId: string): Promise<string[]> {
  const rows = await db.workspace.findMany({
    where: {
      requireMfa: true,
      memberships: { some: { userId } },
      baas: { some: { revokedAt: null, planTier: HIPAA_PLAN_TIER } },
    },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => r.name);
}

/** The signed-in user's own two-factor state (the account security page). */
export async function getMfaStatus(ctx: SessionCtx): Promise<MfaStatus> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: { totpEnabledAt: true, recoveryCodeHashes: true },
  });
  return {
    totpEnabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.recoveryCodeHashes.length,
    requiredBy: await workspacesRequiringMfa(db, ctx.user.id),
  };
}
