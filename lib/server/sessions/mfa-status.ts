import 'server-only';
import { getDb } from '@/lib/server/db';
import type { SessionCtx } from '@/lib/server/context/types';

export interface MfaStatus {
  /** When the signed-in user turned on their authenticator app, or null while it is off. */
  totpEnabledAt: Date | null;
  recoveryCodesLeft: number;
}

/** The signed-in user's own two-factor state (the account security page). */
export async function getMfaStatus(ctx: SessionCtx): Promise<MfaStatus> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: { totpEnabledAt: true, recoveryCodeHashes: true },
  });
  return { totpEnabledAt: user.totpEnabledAt, recoveryCodesLeft: user.recoveryCodeHashes.length };
}
