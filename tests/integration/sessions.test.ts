// Server-side sessions against a real database: what counts as activity, the
// idle limit (15 minutes with a HIPAA-eligible workspace, 60 otherwise), the
// 12-hour absolute lifetime, revocation, and the audit rows they write.
// Time is simulated by moving the row's timestamps into the past.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { createSession, revokeAllSessions, revokeSession, validateSession } from '@/lib/server/sessions/sessions';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { hashPassword } from '@/lib/server/sessions/password';
import { ABSOLUTE_LIFETIME_SECONDS, DEFAULT_IDLE_SECONDS, HIPAA_IDLE_SECONDS } from '@/lib/sessions/policy';
import { AppError } from '@/lib/server/errors';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

const db = useServerDb();
const meta: RequestMeta = { ip: '198.51.100.7', userAgent: 'vitest-sessions', requestId: 'req-sessions' };
const MIN = 60;
const HOUR = 60 * MIN;

let passwordHash: string;
let hipaaWs: string;
let plainWs: string;
/** Member of the HIPAA-eligible workspace (and of the plain one). */
let hipaaUser: string;
/** Member of the plain workspace only. */
let plainUser: string;

async function workspace(name: string): Promise<string> {
  return (await db.current.prisma.workspace.create({ data: { slug: `ws-${randomUUID().slice(0, 8)}`, name } })).id;
}
async function user(workspaceIds: string[]): Promise<string> {
  const u = await db.current.prisma.user.create({
    data: { email: `${randomUUID()}@sessions.test`, name: 'Session Tester', passwordHash },
  });
  for (const workspaceId of workspaceIds)
    await db.current.prisma.membership.create({ data: { workspaceId, userId: u.id, role: 'member' } });
  return u.id;
}
async function recordBaa(workspaceId: string, recordedById: string) {
  await db.current.prisma.baa.create({
    data: { workspaceId, signedAt: new Date(), signatory: 'Dana Signer', planTier: 'business', recordedById },
  });
}

beforeAll(async () => {
  passwordHash = await hashPassword('not-used-in-these-tests');
  hipaaWs = await workspace('HIPAA Clinic');
  plainWs = await workspace('Plain Practice');
  hipaaUser = await user([hipaaWs, plainWs]);
  plainUser = await user([plainWs]);
  await recordBaa(hipaaWs, hipaaUser);
});

const row = (token: string) => db.current.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });

/** As if the user had been idle for `seconds` (relative to the stored value when `relative`). */
async function idleFor(token: string, seconds: number, relative = false) {
  const r = await row(token);
  const from = relative ? r.lastActivityAt.getTime() : Date.now();
  await db.current.prisma.session.update({
    where: { id: r.id },
    data: { lastActivityAt: new Date(from - seconds * 1000) },
  });
}
/** As if the session had been created `seconds` ago (its absolute expiry moves with it). */
async function createdAgo(token: string, seconds: number) {
  const createdAt = new Date(Date.now() - seconds * 1000);
  await db.current.prisma.session.update({
    where: { tokenHash: sha256Hex(token) },
    data: { createdAt, expiresAt: new Date(createdAt.getTime() + ABSOLUTE_LIFETIME_SECONDS * 1000) },
  });
}

/** 'ok' or the AppError code, so sequences of outcomes compare as plain arrays. */
async function outcome(token: string | null, activity = false): Promise<string> {
  try {
    await validateSession(token, meta, activity);
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

const auditRows = (eventType: string, targetId: string) =>
  db.current.prisma.auditLog.findMany({
    where: { eventType, targetId },
    orderBy: [{ chainKey: 'asc' }, { seq: 'asc' }],
  });

describe('createSession', () => {
  it('stores only a hash of the token, the request metadata and the limits', async () => {
    const token = await createSession(hipaaUser, meta, false);
    const r = await row(token);
    expect(r.tokenHash).not.toContain(token);
    expect(r).toMatchObject({
      userId: hipaaUser,
      ip: meta.ip,
      userAgent: meta.userAgent,
      idleTimeoutSec: HIPAA_IDLE_SECONDS,
      revokedAt: null,
    });
    expect(r.expiresAt.getTime() - r.createdAt.getTime()).toBe(ABSOLUTE_LIFETIME_SECONDS * 1000);
    expect((await row(await createSession(plainUser, meta, false))).idleTimeoutSec).toBe(DEFAULT_IDLE_SECONDS);
  });
});

describe('activity', () => {
  it('a read (activity=false) updates last seen but not last activity; real activity moves both', async () => {
    const token = await createSession(hipaaUser, meta, false);
    await idleFor(token, 5 * MIN);
    const before = await row(token);

    const s = await validateSession(token, meta, false);
    let after = await row(token);
    expect(after.lastActivityAt).toEqual(before.lastActivityAt);
    expect(s.lastActivityAt).toEqual(before.lastActivityAt);
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());

    await validateSession(token, meta, true);
    after = await row(token);
    expect(Date.now() - after.lastActivityAt.getTime()).toBeLessThan(5_000);
  });

  it('20 background polls over 20 minutes never extend the session: refused at minute 15', async () => {
    const token = await createSession(hipaaUser, meta, false);
    const outcomes: string[] = [];
    for (let minute = 1; minute <= 20; minute++) {
      // One more minute passes (relative to whatever the last poll left behind), then a poll.
      await idleFor(token, MIN, true);
      outcomes.push(await outcome(token, false));
    }
    expect(outcomes).toEqual([...Array(14).fill('ok'), 'session_idle', ...Array(5).fill('unauthenticated')]);
  });
});

describe('idle limit', () => {
  it('HIPAA member: 14:59 idle is accepted, 15:00 is refused and revokes the row', async () => {
    const token = await createSession(hipaaUser, meta, false);
    await idleFor(token, HIPAA_IDLE_SECONDS - 1);
    expect(await outcome(token)).toBe('ok');

    await idleFor(token, HIPAA_IDLE_SECONDS);
    const err = await validateSession(token, meta, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'session_idle', status: 401, details: { idleSeconds: HIPAA_IDLE_SECONDS } });
    expect((err as AppError).message).toBe('You were signed out after 15 minutes of inactivity.');
    const r = await row(token);
    expect(r.revokedAt).not.toBeNull();
    expect(r.revokedReason).toBe('idle');
    // Activity cannot bring it back.
    expect(await outcome(token, true)).toBe('unauthenticated');
  });

  it('no HIPAA workspace: 16 minutes idle is fine, 60 minutes is refused', async () => {
    const token = await createSession(plainUser, meta, false);
    await idleFor(token, 16 * MIN);
    expect(await outcome(token)).toBe('ok');
    await idleFor(token, DEFAULT_IDLE_SECONDS - 1);
    expect(await outcome(token)).toBe('ok');
    await idleFor(token, DEFAULT_IDLE_SECONDS);
    expect(await outcome(token)).toBe('session_idle');
  });

  it('a BAA recorded mid-session tightens the limit at once', async () => {
    const ws = await workspace('Becomes eligible');
    const u = await user([ws]);
    const token = await createSession(u, meta, false);
    await idleFor(token, 16 * MIN);
    expect(await outcome(token)).toBe('ok');
    await recordBaa(ws, u);
    expect(await outcome(token)).toBe('session_idle');
  });

  it('an idle timeout is audited once, in every workspace of the user, with the request metadata', async () => {
    const token = await createSession(hipaaUser, meta, false);
    const { id } = await row(token);
    await idleFor(token, 20 * MIN);
    expect(await outcome(token)).toBe('session_idle');
    expect(await outcome(token)).toBe('unauthenticated');

    const rows = await auditRows('auth.session_timed_out', id);
    expect(rows.map((r) => r.workspaceId).sort()).toEqual([hipaaWs, plainWs].sort());
    for (const r of rows) {
      expect(r).toMatchObject({
        actorUserId: hipaaUser,
        actorType: 'user',
        targetType: 'session',
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
      });
    }
  });
});

describe('absolute lifetime', () => {
  it('an active session is accepted until 12 hours and refused from then on', async () => {
    const token = await createSession(plainUser, meta, false);
    const { id } = await row(token);
    await createdAgo(token, 12 * HOUR - MIN);
    expect(await outcome(token, true)).toBe('ok');

    await createdAgo(token, 12 * HOUR);
    expect(await outcome(token, true)).toBe('session_expired');
    expect((await row(token)).revokedReason).toBe('expired');
    expect(await auditRows('auth.session_expired', id)).toHaveLength(1);
  });
});

describe('revocation', () => {
  it('refuses a missing, unknown or revoked token', async () => {
    expect(await outcome(null)).toBe('unauthenticated');
    expect(await outcome('not-a-real-token')).toBe('unauthenticated');

    const token = await createSession(plainUser, meta, false);
    const r = await row(token);
    await revokeSession(r.id, 'signed_out', meta, plainUser);
    expect(await outcome(token, true)).toBe('unauthenticated');
    expect((await row(token)).revokedReason).toBe('signed_out');
    expect(await auditRows('auth.signed_out', r.id)).toHaveLength(1);
    // Revoking twice changes nothing and writes nothing more.
    await revokeSession(r.id, 'signed_out', meta, plainUser);
    expect(await auditRows('auth.signed_out', r.id)).toHaveLength(1);
  });

  it('revokeAllSessions ends every live session of one user and no one else’s', async () => {
    const victim = await user([plainWs]);
    const bystander = await user([plainWs]);
    const tokens = [
      await createSession(victim, meta, false),
      await createSession(victim, meta, false),
      await createSession(victim, meta, false),
    ];
    const other = await createSession(bystander, meta, false);
    await revokeSession((await row(tokens[0])).id, 'signed_out', meta, victim);

    const n = await db.current.prisma.$transaction((tx) => revokeAllSessions(tx, victim, 'member_removed'));
    expect(n).toBe(2);
    for (const t of tokens) expect(await outcome(t)).toBe('unauthenticated');
    expect((await row(tokens[0])).revokedReason).toBe('signed_out');
    expect((await row(tokens[1])).revokedReason).toBe('member_removed');
    expect(await outcome(other)).toBe('ok');
  });
});
