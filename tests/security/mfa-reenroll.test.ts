// Issue 14 #2: with only a copied session cookie, GET then POST /api/account/mfa
// replaced the TOTP secret and the recovery codes, locking the owner out. Every
// change to two-factor (turning it on, replacing it, turning it off) now needs
// the password re-entered in this session within 5 minutes (an authenticator
// code does not count) and, once two-factor is on, a current code (TOTP or one
// recovery code) in the change request itself. A change ends the user's other
// sessions and is audited; a refusal is a 4xx and changes nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { useServerDb } from '@/tests/support/server-db';
import { callRoute, cookieFor, type RouteHandler } from '@/tests/support/route-call';
import { testMeta } from '@/tests/support/ctx';
import { hashPassword } from '@/lib/server/sessions/password';
import { createSession, validateSession } from '@/lib/server/sessions/sessions';
import { sessionTokenFromCookies } from '@/lib/server/sessions/cookie';
import { checkTotp, newRecoveryCodes, newTotpSecret, sealTotpSecret, verifyMfaCode } from '@/lib/server/sessions/totp';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { GET as mfaGet, POST as mfaPost, DELETE as mfaDelete } from '@/app/api/account/mfa/route';
import { POST as reauthPost } from '@/app/api/session/reauth/route';
import { GET as statusGet } from '@/app/api/session/status/route';

const db = useServerDb();
const PASSWORD = 'a-long-enough-password-42';
const MFA_EVENTS = ['auth.mfa_enrolled', 'auth.mfa_reenrolled', 'auth.mfa_disabled'];

interface Account {
  userId: string;
  email: string;
  workspaceId: string;
  /** The current TOTP secret (null while two-factor is off) and the unused recovery codes. */
  secret: string | null;
  recoveryCodes: string[];
}

/** A user with a real password, their own workspace, and (optionally) two-factor already on. */
async function account(opts: { mfa: boolean }): Promise<Account> {
  const p = db.current.prisma;
  const email = `mfa-${randomUUID()}@mfa.test`;
  const ws = await p.workspace.create({ data: { slug: `mfa-${randomUUID().slice(0, 8)}`, name: 'MFA Clinic' } });
  const user = await p.user.create({ data: { email, name: 'MFA Owner', passwordHash: await hashPassword(PASSWORD) } });
  await p.membership.create({ data: { workspaceId: ws.id, userId: user.id, role: 'owner' } });
  let secret: string | null = null;
  let recoveryCodes: string[] = [];
  if (opts.mfa) {
    secret = newTotpSecret(email).secret;
    const rc = newRecoveryCodes();
    recoveryCodes = rc.codes;
    await p.user.update({
      where: { id: user.id },
      data: {
        totpSecretEnc: sealTotpSecret(user.id, secret),
        totpEnabledAt: new Date(),
        recoveryCodeHashes: rc.hashes,
      },
    });
  }
  return { userId: user.id, email, workspaceId: ws.id, secret, recoveryCodes };
}

const totp = (secret: string) => generate({ secret });

/** A six-digit code that the secret does not accept right now. */
async function wrongCode(secret: string): Promise<string> {
  let n = Number(await totp(secret));
  for (;;) {
    n = (n + 7919) % 1_000_000;
    const c = String(n).padStart(6, '0');
    if (!(await checkTotp(secret, c))) return c;
  }
}

async function mfaState(userId: string) {
  return db.current.prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecretEnc: true, totpEnabledAt: true, recoveryCodeHashes: true },
  });
}

async function mfaAuditRows(userId: string) {
  return db.current.prisma.auditLog.findMany({
    where: { actorUserId: userId, eventType: { in: MFA_EVENTS } },
    orderBy: { seq: 'asc' },
  });
}

const call = <T = { error?: { code: string; message: string; details?: Record<string, unknown> } }>(
  a: Account,
  handler: RouteHandler,
  method: string,
  body?: unknown,
) => callRoute<T>(handler, { as: a.email, params: {}, method, body, path: '/api/account/mfa' });

const reauthWith = (a: Account, body: { password?: string; code?: string }) =>
  callRoute(reauthPost, { as: a.email, params: {}, method: 'POST', body, path: '/api/session/reauth' });

/** The session id behind the cookie callRoute uses for this user. */
async function currentSession(a: Account) {
  const cookie = await cookieFor(a.email);
  const token = await sessionTokenFromCookies((n) =>
    cookie.startsWith(`${n}=`) ? cookie.slice(n.length + 1) : undefined,
  );
  return {
    token: token!,
    row: await db.current.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token!) } }),
  };
}

/** A fresh secret from GET (after a password re-auth) and a valid code for it. */
async function newAuthenticator(a: Account): Promise<{ secret: string; code: string }> {
  const r = await call<{ secret: string; qrDataUrl: string }>(a, mfaGet, 'GET');
  expect(r.status).toBe(200);
  return { secret: r.body.secret, code: await totp(r.body.secret) };
}

describe('changing two-factor needs a fresh password and the current code', () => {
  it('with only a session cookie, GET, POST and DELETE are refused (403 reauth_required) and nothing changes', async () => {
    const a = await account({ mfa: true });
    const before = await mfaState(a.userId);

    const get = await call(a, mfaGet, 'GET');
    expect(get.status).toBe(403);
    expect(get.body.error).toMatchObject({ code: 'reauth_required', details: { method: 'password' } });
    expect(get.body.error!.message).toMatch(/password/i);

    // Even a request that carries everything else right: the attacker's own secret,
    // a valid code for it and the owner's current code.
    const own = newTotpSecret(a.email).secret;
    const post = await call(a, mfaPost, 'POST', {
      secret: own,
      code: await totp(own),
      currentCode: await totp(a.secret!),
    });
    expect(post.status).toBe(403);
    expect(post.body.error?.code).toBe('reauth_required');

    const del = await call(a, mfaDelete, 'DELETE', { currentCode: await totp(a.secret!) });
    expect(del.status).toBe(403);
    expect(del.body.error?.code).toBe('reauth_required');

    expect(await mfaState(a.userId)).toEqual(before);
    expect(await mfaAuditRows(a.userId)).toHaveLength(0);
  });

  it('first enrolment (two-factor off) also needs the password re-auth, then succeeds and is audited', async () => {
    const a = await account({ mfa: false });
    expect((await call(a, mfaGet, 'GET')).status).toBe(403);
    const own = newTotpSecret(a.email).secret;
    const refused = await call(a, mfaPost, 'POST', { secret: own, code: await totp(own) });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('reauth_required');
    expect(await mfaState(a.userId)).toEqual({ totpSecretEnc: null, totpEnabledAt: null, recoveryCodeHashes: [] });

    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const fresh = await newAuthenticator(a);
    const ok = await call<{ recoveryCodes: string[]; sessionsRevoked: number }>(a, mfaPost, 'POST', fresh);
    expect(ok.status).toBe(201);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    const after = await mfaState(a.userId);
    expect(after.totpEnabledAt).not.toBeNull();
    expect(after.recoveryCodeHashes).toEqual(ok.body.recoveryCodes.map((c) => sha256Hex(`recovery:${c}`)));
    const rows = await mfaAuditRows(a.userId);
    expect(rows.map((r) => [r.eventType, r.workspaceId])).toEqual([['auth.mfa_enrolled', a.workspaceId]]);
  });

  it('a re-auth with an authenticator code does not open the window for two-factor changes; the password does', async () => {
    const a = await account({ mfa: true });
    expect((await reauthWith(a, { code: await totp(a.secret!) })).status).toBe(200);
    const r = await call(a, mfaGet, 'GET');
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'reauth_required', details: { method: 'password' } });

    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    expect((await call(a, mfaGet, 'GET')).status).toBe(200);
  });

  it('with the password re-auth but no current code, or a wrong one, replacing is refused and nothing changes', async () => {
    const a = await account({ mfa: true });
    const before = await mfaState(a.userId);
    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const fresh = await newAuthenticator(a);

    const missing = await call(a, mfaPost, 'POST', fresh);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', details: { field: 'currentCode' } });
    expect(missing.body.error!.message).toMatch(/current authenticator app|recovery code/);

    // A recovery code as the current code, but a wrong code for the new app: the recovery code is not spent.
    const badNew = await call(a, mfaPost, 'POST', {
      secret: fresh.secret,
      code: await wrongCode(fresh.secret),
      currentCode: a.recoveryCodes[0],
    });
    expect(badNew.status).toBe(400);
    expect(badNew.body.error).toMatchObject({ code: 'validation_failed', details: { field: 'code' } });
    expect(await mfaState(a.userId)).toEqual(before);

    const wrong = await call(a, mfaPost, 'POST', { ...fresh, currentCode: await wrongCode(a.secret!) });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'forbidden', details: { field: 'currentCode' } });
    expect(wrong.body.error!.message).toMatch(/current code is not correct/);
    expect(await mfaState(a.userId)).toEqual(before);

    // A wrong current code spends the password re-auth: the next try needs the password again,
    // so the code cannot be guessed in a loop within one window.
    const again = await call(a, mfaPost, 'POST', { ...fresh, currentCode: await totp(a.secret!) });
    expect(again.status).toBe(403);
    expect(again.body.error?.code).toBe('reauth_required');
    expect(await mfaState(a.userId)).toEqual(before);
    expect(await mfaAuditRows(a.userId)).toHaveLength(0);
  });

  it('with the password re-auth and the current TOTP, the secret and codes are replaced, audited, other sessions revoked', async () => {
    const a = await account({ mfa: true });
    const before = await mfaState(a.userId);
    const current = await currentSession(a);
    const others = [await createSession(a.userId, testMeta, true), await createSession(a.userId, testMeta, true)];
    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const fresh = await newAuthenticator(a);

    const r = await call<{ recoveryCodes: string[]; sessionsRevoked: number }>(a, mfaPost, 'POST', {
      ...fresh,
      currentCode: await totp(a.secret!),
    });
    expect(r.status).toBe(201);
    expect(r.body.sessionsRevoked).toBe(2);
    expect(r.body.recoveryCodes).toHaveLength(10);

    const after = await mfaState(a.userId);
    expect(after.totpSecretEnc).not.toBe(before.totpSecretEnc);
    expect(after.recoveryCodeHashes).toEqual(r.body.recoveryCodes.map((c) => sha256Hex(`recovery:${c}`)));
    expect(after.recoveryCodeHashes.some((h) => before.recoveryCodeHashes.includes(h))).toBe(false);
    // The new app's codes sign in now; the old recovery codes do not.
    expect(await verifyMfaCode(a.userId, await totp(fresh.secret))).toBe(true);
    expect(await verifyMfaCode(a.userId, a.recoveryCodes[1]!)).toBe(false);

    for (const token of others) {
      await expect(validateSession(token, testMeta, false)).rejects.toMatchObject({ code: 'unauthenticated' });
      const row = await db.current.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
      expect(row.revokedReason).toBe('mfa_changed');
    }
    const still = await db.current.prisma.session.findUniqueOrThrow({ where: { id: current.row.id } });
    expect(still.revokedAt).toBeNull();
    expect(still.mfaVerified).toBe(true);
    const status = await callRoute(statusGet, { as: a.email, params: {}, path: '/api/session/status' });
    expect(status.status).toBe(200);

    const rows = await mfaAuditRows(a.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eventType: 'auth.mfa_reenrolled',
      workspaceId: a.workspaceId,
      changes: { sessionsRevoked: 2, verifiedWith: 'totp' },
    });
    // No secret or code in the audit row.
    expect(JSON.stringify(rows[0]!.changes)).not.toContain(fresh.secret);
  });

  it('a recovery code works as the current code, and is consumed', async () => {
    const a = await account({ mfa: true });
    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const fresh = await newAuthenticator(a);
    const r = await call(a, mfaPost, 'POST', { ...fresh, currentCode: ` ${a.recoveryCodes[3]!.toUpperCase()} ` });
    expect(r.status).toBe(201);
    const rows = await mfaAuditRows(a.userId);
    expect(rows.map((x) => x.changes)).toEqual([{ sessionsRevoked: 0, verifiedWith: 'recovery_code' }]);
    expect(await verifyMfaCode(a.userId, a.recoveryCodes[3]!)).toBe(false);
  });

  it('verifyMfaCode (sign-in, code re-auth) consumes a recovery code once, even when two uses race', async () => {
    const a = await account({ mfa: true });
    const code = a.recoveryCodes[5]!;
    const results = await Promise.all([verifyMfaCode(a.userId, code), verifyMfaCode(a.userId, code)]);
    expect(results.sort()).toEqual([false, true]);
    expect((await mfaState(a.userId)).recoveryCodeHashes).toHaveLength(9);
    expect(await verifyMfaCode(a.userId, code)).toBe(false);
  });

  it('turning two-factor off needs the password and a current code; it is audited and ends the other sessions', async () => {
    const a = await account({ mfa: true });
    const before = await mfaState(a.userId);
    const other = await createSession(a.userId, testMeta, true);

    expect((await call(a, mfaDelete, 'DELETE', { currentCode: await totp(a.secret!) })).status).toBe(403);
    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const missing = await call(a, mfaDelete, 'DELETE', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe('validation_failed');
    const wrong = await call(a, mfaDelete, 'DELETE', { currentCode: 'not-a-code' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error?.code).toBe('forbidden');
    expect(await mfaState(a.userId)).toEqual(before);
    await validateSession(other, testMeta, false);

    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);
    const ok = await call<{ sessionsRevoked: number }>(a, mfaDelete, 'DELETE', { currentCode: a.recoveryCodes[0] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ sessionsRevoked: 1 });
    expect(await mfaState(a.userId)).toEqual({ totpSecretEnc: null, totpEnabledAt: null, recoveryCodeHashes: [] });
    await expect(validateSession(other, testMeta, false)).rejects.toMatchObject({ code: 'unauthenticated' });
    const { row } = await currentSession(a);
    expect(row.revokedAt).toBeNull();
    expect(row.mfaVerified).toBe(false);
    const rows = await mfaAuditRows(a.userId);
    expect(rows.map((x) => [x.eventType, x.changes])).toEqual([
      ['auth.mfa_disabled', { sessionsRevoked: 1, verifiedWith: 'recovery_code' }],
    ]);

    const twice = await call(a, mfaDelete, 'DELETE', { currentCode: '123456' });
    expect(twice.status).toBe(409);
  });

  it('turning two-factor off is refused while a workspace of the user requires it; replacing still works', async () => {
    const a = await account({ mfa: true });
    const p = db.current.prisma;
    await p.workspace.update({ where: { id: a.workspaceId }, data: { requireMfa: true, name: 'Strict Clinic' } });
    await p.baa.create({
      data: {
        workspaceId: a.workspaceId,
        signedAt: new Date(),
        signatory: 'Test Signatory',
        planTier: 'business',
        recordedById: a.userId,
      },
    });
    const before = await mfaState(a.userId);
    expect((await reauthWith(a, { password: PASSWORD })).status).toBe(200);

    const r = await call(a, mfaDelete, 'DELETE', { currentCode: await totp(a.secret!) });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('forbidden');
    expect(r.body.error!.message).toContain('Strict Clinic requires two-factor authentication');
    expect(await mfaState(a.userId)).toEqual(before);

    const fresh = await newAuthenticator(a);
    expect((await call(a, mfaPost, 'POST', { ...fresh, currentCode: a.recoveryCodes[9] })).status).toBe(201);
  });
});
