import 'server-only';
import { getDb } from '@/lib/server/db';
import { auditedChange } from '@/lib/server/audit/change';
import type { AuditActor } from '@/lib/server/audit/record';
import { recordUserEvent } from '@/lib/server/audit/user-events';
import type { RequestMeta } from '@/lib/server/platform/request-meta';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { verifyPassword } from '@/lib/server/sessions/password';
import { verifyMfaCode } from '@/lib/server/sessions/totp';
import { IP_FAILURES_LIMIT, LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS } from '@/lib/sessions/policy';

export type SignInFailure = 'invalid' | 'locked' | 'rate_limited' | 'mfa_required' | 'mfa_invalid';
export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string }; mfaVerified: boolean }
  | { ok: false; reason: SignInFailure; retryAfterSeconds?: number };

// Messages never say whether the email exists: an unknown email fails, counts
// and locks exactly like a known one.
export const SIGN_IN_MESSAGES: Record<SignInFailure, string> = {
  invalid: 'Email or password is incorrect.',
  locked: 'Too many failed attempts. This account is locked for 15 minutes.',
  rate_limited: 'Too many sign-in attempts from your network. Try again later.',
  mfa_required: 'Enter the 6-digit code from your authenticator app.',
  mfa_invalid: 'That code is not valid. Try again or use a recovery code.',
};

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function signInWithPassword(
  input: { email: string; password: string; code?: string },
  meta: RequestMeta,
): Promise<SignInResult> {
  const db = await getDb();
  const email = normalizeEmail(input.email);
  const emailHash = sha256Hex(`login:${email}`);
  // A successful sign-in starts the failure count afresh.
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { emailHash, success: true },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const windowStart = Date.now() - LOCKOUT_WINDOW_SECONDS * 1000;
  const since = new Date(Math.max(windowStart, lastSuccess ? lastSuccess.createdAt.getTime() + 1 : 0));

  const [accountFailures, ipFailures] = await Promise.all([
    db.loginAttempt.findMany({
      where: { emailHash, success: false, createdAt: { gte: since } },
      select: { createdAt: true },
      orderBy: { createdAt: 'desc' },
    }),
    meta.ip
      ? db.loginAttempt.count({ where: { ip: meta.ip, success: false, createdAt: { gte: new Date(windowStart) } } })
      : Promise.resolve(0),
  ]);
  if (accountFailures.length >= LOCKOUT_FAILURES) {
    const unlockAt = accountFailures[LOCKOUT_FAILURES - 1].createdAt.getTime() + LOCKOUT_WINDOW_SECONDS * 1000;
    return { ok: false, reason: 'locked', retryAfterSeconds: Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000)) };
  }
  if (ipFailures >= IP_FAILURES_LIMIT)
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: LOCKOUT_WINDOW_SECONDS };

  const user = await db.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk) {
    await recordFailure(emailHash, meta, user?.id ?? null, accountFailures.length + 1);
    return { ok: false, reason: 'invalid' };
  }

  let mfaVerified = false;
  if (user.totpEnabledAt) {
    if (!input.code) return { ok: false, reason: 'mfa_required' };
    if (!(await verifyMfaCode(user.id, input.code))) {
      await recordFailure(emailHash, meta, user.id, accountFailures.length + 1);
      return { ok: false, reason: 'mfa_invalid' };
    }
    mfaVerified = true;
  }

  await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { emailHash, ip: meta.ip ?? '', success: true } });
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
    await recordUserEvent(tx, user.id, 'auth.signed_in', meta, { changes: { mfa: mfaVerified } });
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, mfaVerified };
}

async function recordFailure(
  emailHash: string,
  meta: RequestMeta,
  userId: string | null,
  failuresNow: number,
): Promise<void> {
  if (!userId) return recordUnknownAccountFailure(emailHash, meta);
  const db = await getDb();
  const locks = failuresNow >= LOCKOUT_FAILURES;
  await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { emailHash, ip: meta.ip ?? '', success: false } });
    await tx.user.update({
      where: { id: userId },
      data: {
        failedLoginCount: { increment: 1 },
        ...(locks ? { lockedUntil: new Date(Date.now() + LOCKOUT_WINDOW_SECONDS * 1000) } : {}),
      },
    });
    await recordUserEvent(tx, userId, 'auth.sign_in_failed', meta);
    if (locks) await recordUserEvent(tx, userId, 'auth.account_locked', meta);
  });
}

/**
 * An unknown account has no person and no workspace: the row goes to the global
 * chain as anonymous, and names the attempt (whose row holds only a hash of the
 * email), never the email itself.
 */
async function recordUnknownAccountFailure(emailHash: string, meta: RequestMeta): Promise<void> {
  const anonymous: AuditActor = {
    workspaceId: null,
    actorUserId: null,
    actorType: 'anonymous',
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
  await auditedChange(anonymous, 'auth.sign_in_failed', async (tx, audit) => {
    const attempt = await tx.loginAttempt.create({
      data: { emailHash, ip: meta.ip ?? '', success: false },
      select: { id: true },
    });
    audit.record({ target: { type: 'login_attempt', id: String(attempt.id) } });
  });
}
