import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { recordUserEvent } from '@/lib/server/audit/user-events';
import type { SessionCtx } from '@/lib/server/context/types';
import { verifyPassword } from '@/lib/server/sessions/password';
import { verifyMfaCode } from '@/lib/server/sessions/totp';

/** ASVS: a sensitive change needs the password (or a TOTP code) re-entered within this window. */
export const REAUTH_WINDOW_SECONDS = 5 * 60;

export async function reauthenticate(ctx: SessionCtx, input: { password?: string; code?: string }): Promise<void> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: ctx.user.id },
    select: { passwordHash: true, totpEnabledAt: true },
  });
  if (!user) throw new AppError('unauthenticated', 'Sign in again.');
  const ok =
    input.code && user.totpEnabledAt
      ? await verifyMfaCode(ctx.user.id, input.code)
      : Boolean(input.password) && (await verifyPassword(user.passwordHash, input.password!));
  if (!ok) throw new AppError('reauth_required', 'That password or code is not correct.');
  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: ctx.session.id }, data: { reauthenticatedAt: new Date() } });
    await recordUserEvent(tx, ctx.user.id, 'auth.reauthenticated', ctx.meta, {
      targetType: 'session',
      targetId: ctx.session.id,
    });
  });
}

/** Throws reauth_required unless this session re-entered credentials in the last 5 minutes. */
export async function requireRecentReauth(ctx: SessionCtx): Promise<void> {
  const db = await getDb();
  const s = await db.session.findUnique({ where: { id: ctx.session.id }, select: { reauthenticatedAt: true } });
  const at = s?.reauthenticatedAt?.getTime() ?? 0;
  if (Date.now() - at > REAUTH_WINDOW_SECONDS * 1000) {
    throw new AppError('reauth_required', 'Re-enter your password to confirm this change.');
  }
}
