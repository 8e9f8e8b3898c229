// signInWithPassword against a real database: success, wrong password, lockout
// after 5 failures in 15 minutes, the per-IP limit, and no account enumeration
// (an unknown email gets exactly the answers a real one gets, and locks too).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { signInWithPassword, SIGN_IN_MESSAGES, type SignInResult } from '@/lib/server/sessions/sign-in';
import { hashPassword } from '@/lib/server/sessions/password';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { IP_FAILURES_LIMIT, LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS } from '@/lib/sessions/policy';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

const db = useServerDb();
const PASSWORD = 'correct horse battery staple';
let workspaceId: string;

/** A different client address per test, so the per-IP counter only sees that test's attempts. */
let ipCounter = 10;
const freshMeta = (): RequestMeta => ({
  ip: `203.0.113.${ipCounter++}`,
  userAgent: 'vitest-sign-in',
  requestId: randomUUID(),
});

beforeAll(async () => {
  workspaceId = (
    await db.current.prisma.workspace.create({
      data: { slug: `ws-${randomUUID().slice(0, 8)}`, name: 'Sign-in Clinic' },
    })
  ).id;
});

async function newUser(): Promise<{ id: string; email: string }> {
  const email = `user-${randomUUID().slice(0, 8)}@sign-in.test`;
  const u = await db.current.prisma.user.create({
    data: { email, name: 'Signing In', passwordHash: await hashPassword(PASSWORD) },
  });
  await db.current.prisma.membership.create({ data: { workspaceId, userId: u.id, role: 'member' } });
  return { id: u.id, email };
}
const unknownEmail = () => `nobody-${randomUUID().slice(0, 8)}@sign-in.test`;

/** The parts of a result a client can observe, with the retry hint rounded to minutes. */
function visible(r: SignInResult) {
  if (r.ok) return { ok: true };
  return {
    ok: false,
    reason: r.reason,
    retryAfterMinutes: r.retryAfterSeconds === undefined ? undefined : Math.ceil(r.retryAfterSeconds / 60),
  };
}

const audit = (where: { eventType: string; actorUserId?: string | null; workspaceId?: string | null }) =>
  db.current.prisma.auditLog.findMany({ where, orderBy: [{ chainKey: 'asc' }, { seq: 'asc' }] });

describe('signInWithPassword', () => {
  it('signs in with the right password (email trimmed, any case) and audits it', async () => {
    const u = await newUser();
    const meta = freshMeta();
    const r = await signInWithPassword({ email: `  ${u.email.toUpperCase()} `, password: PASSWORD }, meta);
    expect(r).toEqual({ ok: true, user: { id: u.id, email: u.email, name: 'Signing In' }, mfaVerified: false });
    const rows = await audit({ eventType: 'auth.signed_in', actorUserId: u.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workspaceId, ip: meta.ip, userAgent: meta.userAgent });
  });

  it('a wrong password is "invalid", counted, and audited as a failed sign-in', async () => {
    const u = await newUser();
    expect(await signInWithPassword({ email: u.email, password: 'wrong' }, freshMeta())).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(SIGN_IN_MESSAGES.invalid).toBe('Email or password is incorrect.');
    expect(await audit({ eventType: 'auth.sign_in_failed', actorUserId: u.id })).toHaveLength(1);
    const attempts = await db.current.prisma.loginAttempt.findMany({
      where: { emailHash: sha256Hex(`login:${u.email}`) },
    });
    expect(attempts.map((a) => a.success)).toEqual([false]);
  });

  it(`locks after ${LOCKOUT_FAILURES} failures, even for the right password, and audits the lock once`, async () => {
    const u = await newUser();
    const meta = freshMeta();
    const reasons: string[] = [];
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      reasons.push(visible(await signInWithPassword({ email: u.email, password: `wrong-${i}` }, meta)).reason!);
    expect(reasons).toEqual(Array(LOCKOUT_FAILURES).fill('invalid'));

    const locked = await signInWithPassword({ email: u.email, password: PASSWORD }, meta);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(locked.ok === false && locked.retryAfterSeconds).toBeGreaterThan(LOCKOUT_WINDOW_SECONDS - 60);
    expect(locked.ok === false && locked.retryAfterSeconds).toBeLessThanOrEqual(LOCKOUT_WINDOW_SECONDS);
    expect(SIGN_IN_MESSAGES.locked).toBe('Too many failed attempts. This account is locked for 15 minutes.');
    // Attempts while locked are not counted again (the lock does not extend itself).
    await signInWithPassword({ email: u.email, password: 'wrong-again' }, meta);
    expect(await db.current.prisma.loginAttempt.count({ where: { emailHash: sha256Hex(`login:${u.email}`) } })).toBe(
      LOCKOUT_FAILURES,
    );

    expect(await audit({ eventType: 'auth.sign_in_failed', actorUserId: u.id })).toHaveLength(LOCKOUT_FAILURES);
    expect(await audit({ eventType: 'auth.account_locked', actorUserId: u.id })).toHaveLength(1);
    expect(await audit({ eventType: 'auth.signed_in', actorUserId: u.id })).toHaveLength(0);
    expect((await db.current.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).not.toBeNull();
  });

  it('the lock lifts once the failures are older than the 15-minute window', async () => {
    const u = await newUser();
    const meta = freshMeta();
    for (let i = 0; i < LOCKOUT_FAILURES; i++)
      await signInWithPassword({ email: u.email, password: `wrong-${i}` }, meta);
    expect(visible(await signInWithPassword({ email: u.email, password: PASSWORD }, meta)).reason).toBe('locked');
    await db.current.prisma.loginAttempt.updateMany({
      where: { emailHash: sha256Hex(`login:${u.email}`) },
      data: { createdAt: new Date(Date.now() - LOCKOUT_WINDOW_SECONDS * 1000 - 1000) },
    });
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, freshMeta())).ok).toBe(true);
  });

  it('a successful sign-in starts the failure count afresh', async () => {
    const u = await newUser();
    const meta = freshMeta();
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++)
      await signInWithPassword({ email: u.email, password: `wrong-${i}` }, meta);
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, meta)).ok).toBe(true);
    expect(visible(await signInWithPassword({ email: u.email, password: 'wrong-again' }, meta)).reason).toBe('invalid');
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, meta)).ok).toBe(true);
  });

  it('an unknown email gets identical answers at every step, locks too, and is audited without the email', async () => {
    const u = await newUser();
    const ghost = unknownEmail();
    const metaA = freshMeta();
    const metaB = freshMeta();
    for (let i = 0; i <= LOCKOUT_FAILURES + 1; i++) {
      const real = visible(await signInWithPassword({ email: u.email, password: `wrong-${i}` }, metaA));
      const unknown = visible(await signInWithPassword({ email: ghost, password: `wrong-${i}` }, metaB));
      expect(unknown, `attempt ${i + 1}`).toEqual(real);
      expect(real.reason).toBe(i < LOCKOUT_FAILURES ? 'invalid' : 'locked');
    }
    const rows = await db.current.prisma.auditLog.findMany({
      where: { eventType: 'auth.sign_in_failed', ip: metaB.ip },
    });
    expect(rows).toHaveLength(LOCKOUT_FAILURES);
    for (const r of rows) {
      expect(r).toMatchObject({ workspaceId: null, chainKey: 'global', actorUserId: null, actorType: 'anonymous' });
      expect(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(ghost);
    }
  });

  it(`refuses every account from an address after ${IP_FAILURES_LIMIT} failures, but not other addresses`, async () => {
    const u = await newUser();
    const meta = freshMeta();
    // Spread over many emails so no single account locks first.
    for (let i = 0; i < IP_FAILURES_LIMIT; i++) {
      expect(visible(await signInWithPassword({ email: unknownEmail(), password: 'spray' }, meta)).reason).toBe(
        'invalid',
      );
    }
    expect(await signInWithPassword({ email: u.email, password: PASSWORD }, meta)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect(await signInWithPassword({ email: unknownEmail(), password: 'spray' }, meta)).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect((await signInWithPassword({ email: u.email, password: PASSWORD }, freshMeta())).ok).toBe(true);
  });
});
