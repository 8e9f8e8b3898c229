import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { recordUserEvent } from '@/lib/server/audit/user-events';
import type { RequestMeta, ValidSession } from '@/lib/server/context/types';
import { randomToken, sha256Hex } from '@/lib/server/platform/tokens';
import {
  ABSOLUTE_LIFETIME_SECONDS,
  DEFAULT_IDLE_SECONDS,
  HIPAA_IDLE_SECONDS,
  HIPAA_PLAN_TIER,
} from '@/lib/sessions/policy';

/** Creates the server-side session row; the returned raw token goes into the signed cookie only. */
export async function createSession(userId: string, meta: RequestMeta, mfaVerified: boolean): Promise<string> {
  const db = await getDb();
  const token = randomToken();
  const now = new Date();
  await db.session.create({
    data: {
      tokenHash: sha256Hex(token),
      userId,
      createdAt: now,
      lastActivityAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_LIFETIME_SECONDS * 1000),
      idleTimeoutSec: await idleSecondsForUser(userId),
      mfaVerified,
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
  return token;
}

/** 15 minutes for a member of any HIPAA-eligible workspace (as Segment: all their workspaces). */
export async function idleSecondsForUser(userId: string, db?: Tx): Promise<number> {
  const client = db ?? (await getDb());
  const eligible = await client.baa.findFirst({
    where: { revokedAt: null, planTier: HIPAA_PLAN_TIER, workspace: { memberships: { some: { userId } } } },
    select: { id: true },
  });
  return eligible ? HIPAA_IDLE_SECONDS : DEFAULT_IDLE_SECONDS;
}

/**
 * Checks a session on every request. `activity` says whether this request is
 * user activity (navigation, mutation, heartbeat after real input). Background
 * reads, polling and prefetches pass false, so an open tab cannot keep a
 * session alive on its own.
 */
export async function validateSession(
  token: string | null | undefined,
  meta: RequestMeta,
  activity: boolean,
): Promise<ValidSession> {
  if (!token) throw new AppError('unauthenticated', 'Sign in to continue.');
  const db = await getDb();
  const row = await db.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.revokedAt) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.');
  const now = Date.now();
  // The idle limit can tighten mid-session (a BAA was just recorded), never loosen.
  const idleSeconds = Math.min(row.idleTimeoutSec, await idleSecondsForUser(row.userId));
  if (now - row.lastActivityAt.getTime() >= idleSeconds * 1000) {
    await revokeSession(row.id, 'idle', meta, row.user.id);
    throw new AppError(
      'session_idle',
      `You were signed out after ${Math.round(idleSeconds / 60)} minutes of inactivity.`,
      { idleSeconds },
    );
  }
  if (now >= row.expiresAt.getTime()) {
    await revokeSession(row.id, 'expired', meta, row.user.id);
    throw new AppError('session_expired', 'Your session reached its 12-hour limit. Sign in again.');
  }
  const at = new Date(now);
  await db.session.updateMany({
    where: { id: row.id, revokedAt: null },
    data: activity ? { lastActivityAt: at, lastSeenAt: at, idleTimeoutSec: idleSeconds } : { lastSeenAt: at },
  });
  return {
    id: row.id,
    user: row.user,
    idleSeconds,
    lastActivityAt: activity ? at : row.lastActivityAt,
    expiresAt: row.expiresAt,
    mfaVerified: row.mfaVerified,
  };
}

const REVOKE_EVENTS = {
  idle: 'auth.session_timed_out',
  expired: 'auth.session_expired',
  signed_out: 'auth.signed_out',
} as const;

/** Revokes one session; idle, expiry and sign-out are audited in the same transaction. */
export async function revokeSession(
  sessionId: string,
  reason: string,
  meta: RequestMeta,
  userId: string,
  detectedBy: 'server' | 'browser' = 'server',
): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const n = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    const event = REVOKE_EVENTS[reason as keyof typeof REVOKE_EVENTS];
    // detectedBy: an idle sign-out the browser reports cannot be proven by the
    // server's clock (it may run ahead in a test, or the tab's timer fired a
    // little earlier), so the row says who decided.
    if (n.count > 0 && event)
      await recordUserEvent(tx, userId, event, meta, {
        targetType: 'session',
        targetId: sessionId,
        changes: { detectedBy },
      });
  });
}

/**
 * Ends every live session of a user (member removed, password changed), or every
 * one but `exceptSessionId` (a two-factor change keeps the session that made it).
 */
export async function revokeAllSessions(
  tx: Tx,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  const r = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return r.count;
}
