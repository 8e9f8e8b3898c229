import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { recordUserEvent } from '@/lib/server/audit/user-events';
import type { SessionCtx } from '@/lib/server/context/types';
import { workspacesRequiringMfa } from '@/lib/server/sessions/mfa-status';
import { requireRecentReauth, spendPasswordReauth } from '@/lib/server/sessions/reauth';
import { revokeAllSessions } from '@/lib/server/sessions/sessions';
import {
  checkTotp,
  consumeMfaCode,
  newRecoveryCodes,
  newTotpSecret,
  sealTotpSecret,
  type MfaCodeKind,
} from '@/lib/server/sessions/totp';

// Turning two-factor on, replacing it and turning it off. A copied session
// cookie alone must not be enough for any of them (it would let an attacker
// lock the owner out with their own authenticator), so each needs:
//   - the password re-entered in this session within 5 minutes (a code does not count), and
//   - when two-factor is already on, a current code (TOTP or one recovery code) in the request.
// Every change ends the user's other sessions and is audited in the same transaction.

const CURRENT_CODE_MISSING = 'Enter a code from your current authenticator app, or one of your recovery codes.';
const CURRENT_CODE_WRONG =
  'That current code is not correct. Re-enter your password, then use a code from the authenticator app you have now or a recovery code.';
const REVOKE_REASON = 'mfa_changed';

/** A fresh secret for the enrolment screen; nothing is stored until a code from it is confirmed. */
export async function startMfaEnrolment(ctx: SessionCtx): Promise<{ secret: string; uri: string }> {
  await requireRecentReauth(ctx, { password: true });
  return newTotpSecret(ctx.user.email);
}

export interface MfaChanged {
  sessionsRevoked: number;
}

/** Turns two-factor on, or replaces the authenticator; the recovery codes are returned once. */
export async function confirmMfaEnrolment(
  ctx: SessionCtx,
  input: { secret: string; code: string; currentCode?: string },
): Promise<MfaChanged & { recoveryCodes: string[] }> {
  await requireRecentReauth(ctx, { password: true });
  const db = await getDb();
  const before = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { totpEnabledAt: true } });
  const replacing = Boolean(before.totpEnabledAt);
  if (replacing && !input.currentCode)
    throw new AppError('validation_failed', CURRENT_CODE_MISSING, { field: 'currentCode' });
  if (!(await checkTotp(input.secret, input.code)))
    throw new AppError('validation_failed', 'That code does not match. Check the time on your phone and try again.', {
      field: 'code',
    });

  const { codes, hashes } = newRecoveryCodes();
  const outcome = await db.$transaction(async (tx) => {
    const verifiedWith = replacing ? await currentCodeOk(tx, ctx, input.currentCode) : null;
    if (replacing && !verifiedWith) return null;
    await tx.user.update({
      where: { id: ctx.user.id },
      data: {
        totpSecretEnc: sealTotpSecret(ctx.user.id, input.secret),
        totpEnabledAt: new Date(),
        recoveryCodeHashes: hashes,
      },
    });
    // Proving a code now counts as MFA for the current session.
    await tx.session.update({ where: { id: ctx.session.id }, data: { mfaVerified: true } });
    const sessionsRevoked = await revokeAllSessions(tx, ctx.user.id, REVOKE_REASON, ctx.session.id);
    await recordUserEvent(tx, ctx.user.id, replacing ? 'auth.mfa_reenrolled' : 'auth.mfa_enrolled', ctx.meta, {
      changes: { sessionsRevoked, ...(verifiedWith ? { verifiedWith } : {}) },
    });
    return { sessionsRevoked };
  });
  if (!outcome) return refuseWrongCode(ctx);
  return { ...outcome, recoveryCodes: codes };
}

/** Turns two-factor off (secret and recovery codes deleted), unless a workspace of the user requires it. */
export async function disableMfa(ctx: SessionCtx, input: { currentCode?: string }): Promise<MfaChanged> {
  await requireRecentReauth(ctx, { password: true });
  const db = await getDb();
  const required = await workspacesRequiringMfa(db, ctx.user.id);
  if (required.length)
    throw new AppError(
      'forbidden',
      `${required.join(', ')} requires two-factor authentication, so it cannot be turned off. You can replace your authenticator app instead.`,
    );
  const before = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { totpEnabledAt: true } });
  if (!before.totpEnabledAt) throw new AppError('conflict', 'Two-factor authentication is already off.');
  if (!input.currentCode) throw new AppError('validation_failed', CURRENT_CODE_MISSING, { field: 'currentCode' });

  const outcome = await db.$transaction(async (tx) => {
    const verifiedWith = await currentCodeOk(tx, ctx, input.currentCode);
    if (!verifiedWith) return null;
    await tx.user.update({
      where: { id: ctx.user.id },
      data: { totpSecretEnc: null, totpEnabledAt: null, recoveryCodeHashes: [] },
    });
    // The session no longer rests on a second factor.
    await tx.session.update({ where: { id: ctx.session.id }, data: { mfaVerified: false } });
    const sessionsRevoked = await revokeAllSessions(tx, ctx.user.id, REVOKE_REASON, ctx.session.id);
    await recordUserEvent(tx, ctx.user.id, 'auth.mfa_disabled', ctx.meta, {
      changes: { sessionsRevoked, verifiedWith },
    });
    return { sessionsRevoked };
  });
  return outcome ?? refuseWrongCode(ctx);
}

/** Inside the change's transaction, so a recovery code is consumed only if the change commits. */
function currentCodeOk(tx: Tx, ctx: SessionCtx, code: string | undefined): Promise<MfaCodeKind | null> {
  return code ? consumeMfaCode(tx, ctx.user.id, code) : Promise.resolve(null);
}

async function refuseWrongCode(ctx: SessionCtx): Promise<never> {
  await spendPasswordReauth(ctx);
  throw new AppError('forbidden', CURRENT_CODE_WRONG, { field: 'currentCode' });
}
