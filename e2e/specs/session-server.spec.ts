// The server enforces the idle and absolute limits on its own, whatever the
// browser does: these tests bypass the client timer entirely and move the
// session row's timestamps into the past instead of waiting.
import { test, expect, NO_DB_REASON, type SignedIn } from '../fixtures';
import type { E2eDb, SessionRow } from '../support/db';
import { randomBytes } from 'node:crypto';
import { sessionCookie, sessionTokenHash } from '../support/auth';
import { throwawayEmail } from '../support/accounts';

test.skip(({ db }) => !db, NO_DB_REASON);

const MIN = 60;
const HOUR = 60 * MIN;

async function sessionRow(db: E2eDb, s: SignedIn): Promise<SessionRow> {
  return db.sessionByTokenHash(await sessionTokenHash((await sessionCookie(s.context)).value));
}

const ago = (d: Date) => (Date.now() - d.getTime()) / 1000;

test.describe('what counts as activity', () => {
  test('polling and prefetches do not move last activity; a heartbeat and a navigation do', async ({
    db,
    hipaaAccount,
    signedIn,
  }) => {
    const s = await signedIn(hipaaAccount!);
    const { id } = await sessionRow(db!, s);
    await db!.ageSessionActivity(id, 5 * MIN);

    // Background reads: the status poll and a router prefetch.
    expect((await s.context.request.get('/api/session/status')).status()).toBe(200);
    // As the App Router prefetches a <Link>: an RSC request (Next redirects it once to add its _rsc cache key).
    const prefetch = await s.context.request.get(`/w/${hipaaAccount!.workspaceId}/sources`, {
      headers: { rsc: '1', 'next-router-prefetch': '1' },
    });
    expect(prefetch.status()).toBe(200);
    expect(prefetch.headers()['content-type']).toContain('text/x-component');
    let row = await sessionRow(db!, s);
    expect(ago(row.lastActivityAt)).toBeGreaterThanOrEqual(5 * MIN - 5);
    expect(ago(row.lastSeenAt)).toBeLessThan(30);

    // Real input reaches the server as a heartbeat.
    expect((await s.context.request.post('/api/session/activity', { data: {} })).status()).toBe(200);
    row = await sessionRow(db!, s);
    expect(ago(row.lastActivityAt)).toBeLessThan(30);

    // A navigation is activity too.
    await db!.ageSessionActivity(id, 5 * MIN);
    await s.console.goto(hipaaAccount!.workspaceId, 'settings');
    row = await sessionRow(db!, s);
    expect(ago(row.lastActivityAt)).toBeLessThan(30);
    expect(row.idleTimeoutSec).toBe(15 * MIN);
  });
});

test.describe('idle limit, HIPAA-eligible workspace (15 minutes)', () => {
  test('14:59 idle is still accepted', async ({ db, hipaaAccount, signedIn }) => {
    const s = await signedIn(hipaaAccount!);
    await db!.ageSessionActivity((await sessionRow(db!, s)).id, 15 * MIN - 5);
    const res = await s.context.request.get('/api/session/status');
    expect(res.status()).toBe(200);
    expect((await res.json()).idleSeconds).toBe(15 * MIN);
  });

  test('16 minutes idle: the API answers 401 session_idle, the row is revoked and the timeout audited', async ({
    db,
    hipaaAccount,
    signedIn,
  }) => {
    const s = await signedIn(hipaaAccount!);
    const { id } = await sessionRow(db!, s);
    await db!.ageSessionActivity(id, 16 * MIN);

    const res = await s.context.request.get('/api/session/status');
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'session_idle' } });

    const row = await sessionRow(db!, s);
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedReason).toBe('idle');
    const audit = await db!.auditRows({ eventType: 'auth.session_timed_out', targetId: id });
    expect(audit).toEqual([
      expect.objectContaining({
        workspaceId: hipaaAccount!.workspaceId,
        actorUserId: hipaaAccount!.userId,
        targetType: 'session',
      }),
    ]);

    // The cookie is dead for good, for mutations as well.
    const again = await s.context.request.post('/api/session/activity', { data: {} });
    expect(again.status()).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  test('16 minutes idle: a page redirects to sign-in with the inactivity message', async ({
    db,
    hipaaAccount,
    signedIn,
  }) => {
    const s = await signedIn(hipaaAccount!);
    await db!.ageSessionActivity((await sessionRow(db!, s)).id, 16 * MIN);
    await s.page.goto(`/w/${hipaaAccount!.workspaceId}/overview`);
    await s.login.expectIdleNotice(15);
    expect((await sessionRow(db!, s)).revokedReason).toBe('idle');
  });
});

test.describe('idle limit, no HIPAA workspace (60 minutes)', () => {
  test('16 minutes idle is fine; 60 minutes is refused', async ({ db, signedIn }) => {
    // A user of their own workspace, so no other spec's BAA can change the limit underneath.
    const creds = { email: throwawayEmail('plain'), password: `e2e-${randomBytes(9).toString('base64url')}` };
    await db!.createUser(creds.email, creds.password, [
      { workspaceId: await db!.createWorkspace('E2E Plain Practice'), role: 'owner' },
    ]);
    const s = await signedIn(creds);
    const { id } = await sessionRow(db!, s);
    await db!.ageSessionActivity(id, 16 * MIN);
    const ok = await s.context.request.get('/api/session/status');
    expect(ok.status()).toBe(200);
    expect((await ok.json()).idleSeconds).toBe(60 * MIN);

    await db!.ageSessionActivity(id, 60 * MIN);
    const res = await s.context.request.get('/api/session/status');
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'session_idle', details: { idleSeconds: 60 * MIN } } });
  });
});

test.describe('absolute lifetime (12 hours)', () => {
  test('an active session is accepted at 11:59 and refused after 12 hours', async ({ db, hipaaAccount, signedIn }) => {
    const s = await signedIn(hipaaAccount!);
    const { id } = await sessionRow(db!, s);
    await db!.ageSessionLifetime(id, 12 * HOUR - MIN);
    expect((await s.context.request.get('/api/session/status')).status()).toBe(200);

    await db!.ageSessionLifetime(id, 12 * HOUR + MIN);
    const res = await s.context.request.get('/api/session/status');
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'session_expired' } });
    const row = await sessionRow(db!, s);
    expect(row.revokedReason).toBe('expired');
    expect(await db!.auditRows({ eventType: 'auth.session_expired', targetId: id })).toHaveLength(1);
  });

  test('a page on an expired session redirects to sign-in with the 12-hour message', async ({
    db,
    signedIn,
    workspaceIds,
  }) => {
    const s = await signedIn('owner');
    await db!.ageSessionLifetime((await sessionRow(db!, s)).id, 12 * HOUR + MIN);
    await s.page.goto(`/w/${workspaceIds.sunshine}/sources`);
    await expect(s.page).toHaveURL(/\/login\?reason=expired$/);
    await expect(s.login.notice).toHaveText('Your session reached its 12-hour limit. Sign in again.');
  });
});
