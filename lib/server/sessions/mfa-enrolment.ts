import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { recordUserEvent } from '@/lib/server/audit/user-events';
import type { SessionCtx } from '@/lib/server/context/types';
import { enableTotp } from '@/lib/server/sessions/totp';

export async function confirmMfaEnrolment(ctx: SessionCtx, secret: string, code: string): Promise<string[]> {
  const codes = await enableTotp(ctx.user.id, secret, code);
  if (!codes)
    throw new AppError('validation_failed', 'That code does not match. Check the time on your phone and try again.');
  const db = await getDb();
  await db.$transaction(async (tx) => {
    // Proving a code now counts as MFA for the current session.
    await tx.session.update({ where: { id: ctx.session.id }, data: { mfaVerified: true } });
    await recordUserEvent(tx, ctx.user.id, 'auth.mfa_enrolled', ctx.meta);
  });
  return codes;
}
