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
  const method = input.code && user.totpEnabledAt ? 'code' : 'password';
  const ok =
    method === 'code'
      ? await verifyMfaCode(ctx.user.id, input.code!)
      : Boolean(input.password) && (await verifyPassword(user.passwordHash, input.password!));
  if (!ok) throw new AppError('reauth_required', 'That password or code is not correct.');
  await db.$transaction(async (tx) => {
    const now = new Date();
    await tx.session.update({
      where: { id: ctx.session.id },
      // Only the password counts for changes to two-factor itself (requireRecentReauth's `password`).
      data: method === 'password' ? { reauthenticatedAt: now, passwordReauthAt: now } : { reauthenticatedAt: now },
    });
    await recordUserEvent(tx, ctx.user.id, 'auth.reauthenticated', ctx.meta, {
      targetType: 'session',
      targetId: ctx.session.id,
      changes: { method },
    });
  });
}

/**
 * Throws reauth_required unless this session re-entered credentials in the last
 * 5 minutes. `password: true` accepts only a password re-entry: an authenticator
 * code cannot vouch for a change to the authenticator itself. The error's
 * details say which is needed, so the dialog asks for the right thing.
 */
export async function requireRecentReauth(ctx: SessionCtx, opts: { password?: boolean } = {}): Promise<void> {
  const db = await getDb();
  const s = await db.session.findUnique({
    where: { id: ctx.session.id },
    select: { reauthenticatedAt: true, passwordReauthAt: true },
  });
  const at = (opts.password ? s?.passwordReauthAt : s?.reauthenticatedAt)?.getTime() ?? 0;
  if (Date.now() - at > REAUTH_WINDOW_SECONDS * 1000) {
    throw opts.password
      ? new AppError('reauth_required', 'Re-enter your password to change two-factor authentication.', {
          method: 'password',
        })
      : new AppError('reauth_required', 'Re-enter your password to confirm this change.');
  }
}

/**
 * Ends this session's password re-auth window: a wrong current code on a
 * two-factor change costs the password again, so the code cannot be guessed
 * in a loop within one window.
 */
export async function spendPasswordReauth(ctx: SessionCtx): Promise<void> {
  const db = await getDb();
  await db.session.update({ where: { id: ctx.session.id }, data: { passwordReauthAt: null } });
}
