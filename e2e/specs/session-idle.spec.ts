// The client half of the idle logout, with the browser clock moved by
// page.clock (the server clock is real, so server-side the session stays
// fresh: what is tested here is that the *browser* signs out on time, in every
// tab, and that background traffic does not count as activity).
//
// With DATABASE_URL the user is a throwaway owner of a HIPAA-eligible workspace
// of their own (an active Business-tier BAA row written straight into the
// database), so the limit is 15 minutes and no other spec's state can change
// it. Without DATABASE_URL the same tests run against the demo member's limit
// (60 minutes by default), read from /api/session/status.
import { test, expect, type HipaaAccount, type SignedIn } from '../fixtures';
import type { Role } from '../support/accounts';
import { cookieHeader, sessionCookie, sessionTokenHash } from '../support/auth';

const SEC = 1000;
const MIN = 60 * SEC;

test.describe('client idle timer', () => {
  let limit: number;
  let workspaceId: string;

  /** Installs the fake clock on a fresh session before its first page loads, then opens Overview. */
  async function openConsole(s: SignedIn, hipaa: boolean): Promise<SignedIn> {
    await s.context.clock.install();
    await s.console.goto(workspaceId);
    const { idleSeconds } = (await (await s.context.request.get('/api/session/status')).json()) as {
      idleSeconds: number;
    };
    if (hipaa) expect(idleSeconds).toBe(15 * 60);
    // Without our own HIPAA workspace the demo member's limit applies, whatever it is (60 minutes by default).
    limit = idleSeconds * SEC;
    return s;
  }

  test.beforeEach(async ({ hipaaAccount, workspaceIds }) => {
    workspaceId = hipaaAccount?.workspaceId ?? workspaceIds.sunshine;
    if (!hipaaAccount)
      test.info().annotations.push({
        type: 'note',
        description: 'no DATABASE_URL: no BAA can be recorded, testing the default (60-minute) limit',
      });
  });

  const account = (hipaa: HipaaAccount | null): Role | HipaaAccount => hipaa ?? 'member';

  test('idle 14:59 (limit − 1 s): still signed in, warning shown, API still answers', async ({
    signedIn,
    hipaaAccount,
  }) => {
    const s = await openConsole(await signedIn(account(hipaaAccount)), Boolean(hipaaAccount));
    const t0 = await s.console.lastActivity();

    await s.page.clock.pauseAt(t0 + limit - 1 * SEC);
    await expect(s.console.idleDialog).toBeVisible();
    await expect(s.console.idleCountdown).toHaveText('0:01');
    await expect(s.page).toHaveURL(new RegExp(`/w/${workspaceId}/overview$`));
    expect((await s.context.request.get('/api/session/status')).status()).toBe(200);
  });

  test('at 15:00 (the limit) every tab signs out at once, and the old cookie is refused', async ({
    signedIn,
    hipaaAccount,
    request,
    db,
  }) => {
    const s = await openConsole(await signedIn(account(hipaaAccount)), Boolean(hipaaAccount));
    const tab2 = await s.context.newPage();
    await tab2.goto(`/w/${workspaceId}/sources`);
    await expect(tab2.getByRole('navigation', { name: 'Workspace' })).toBeVisible();
    const cookie = await sessionCookie(s.context);
    const t0 = await s.console.lastActivity();

    await s.page.clock.pauseAt(t0 + limit);
    for (const page of [s.page, tab2]) {
      await expect(page).toHaveURL(new RegExp(`/login\\?reason=idle&after=${limit / MIN}$`));
      await expect(page.getByRole('status')).toHaveText(
        `You were signed out after ${limit / MIN} minutes of inactivity.`,
      );
    }
    // The server ended the session: the same cookie, replayed, gets 401.
    const res = await request.get('/api/session/status', { headers: { cookie: cookieHeader([cookie]) } });
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    if (db) {
      const row = await db.sessionByTokenHash(await sessionTokenHash(cookie.value));
      expect(row.revokedReason).toBe('idle');
      expect(await db.auditRows({ eventType: 'auth.session_timed_out', targetId: row.id })).toHaveLength(1);
    }
  });

  test('a tab that only polls in the background for 20 minutes is signed out', async ({
    signedIn,
    hipaaAccount,
    db,
  }) => {
    const s = await openConsole(await signedIn(account(hipaaAccount)), Boolean(hipaaAccount));
    const isStatus = (r: { url(): string }) => r.url().endsWith('/api/session/status');
    const polls: number[] = [];
    let heartbeats = 0;
    let signedOut = false;
    s.page.on('response', (r) => {
      if (isStatus(r)) polls.push(r.status());
    });
    s.page.on('request', (r) => {
      if (r.url().endsWith('/api/session/activity')) heartbeats++;
      if (r.url().endsWith('/api/session/logout')) signedOut = true;
    });
    const tokenHash = await sessionTokenHash((await sessionCookie(s.context)).value);
    const before = db ? await db.sessionByTokenHash(tokenHash) : null;
    // Background polling, as a React Query refetchInterval would do it: no user input at all.
    await s.page.evaluate(() => {
      setInterval(() => void fetch('/api/session/status'), 30_000);
    });

    const t0 = await s.console.lastActivity();
    const start = await s.page.evaluate(() => Date.now());
    // 20 minutes (or limit + 5) in 30-second steps; each step waits for its poll to come back.
    const steps = Math.max(20 * MIN, limit + 5 * MIN) / (30 * SEC);
    let step = 0;
    while (step < steps && !signedOut) {
      const polled = s.page.waitForResponse(isStatus).catch(() => null);
      await s.page.clock.fastForward(30 * SEC);
      step++;
      await Promise.race([polled, s.page.waitForURL(/\/login/)]);
    }

    await s.login.expectIdleNotice(limit / MIN);
    // Signed out at the limit (to within one step), not before and not never.
    const idleFor = start + step * 30 * SEC - t0;
    expect(idleFor).toBeGreaterThanOrEqual(limit);
    expect(idleFor).toBeLessThan(limit + 30 * SEC);
    expect(heartbeats).toBe(0);
    expect(polls.length).toBeGreaterThanOrEqual(limit / (30 * SEC) - 1);
    // The server answered every poll (its clock is real); only a poll racing the sign-out may see 401.
    expect(polls.slice(0, -1).every((p) => p === 200)).toBe(true);
    expect([200, 401]).toContain(polls.at(-1));
    if (before) {
      // Server side too: none of the polls moved the last activity.
      expect((await db!.sessionByTokenHash(tokenHash)).lastActivityAt.getTime()).toBe(before.lastActivityAt.getTime());
    }
  });

  test('real input in one tab keeps the other tab alive past the original deadline', async ({
    signedIn,
    hipaaAccount,
  }) => {
    const s = await openConsole(await signedIn(account(hipaaAccount)), Boolean(hipaaAccount));
    const tabB = await s.context.newPage();
    await tabB.goto(`/w/${workspaceId}/destinations`);
    const navB = tabB.getByRole('navigation', { name: 'Workspace' });
    await expect(navB).toBeVisible();
    const t0 = await s.console.lastActivity();

    // 5 minutes before the limit, the user clicks in tab A: a heartbeat goes out.
    const clickAt = t0 + limit - 5 * MIN;
    await s.page.clock.pauseAt(clickAt);
    const beat = s.page.waitForResponse((r) => r.url().endsWith('/api/session/activity'));
    await s.page.getByRole('heading', { level: 1 }).click();
    expect((await beat).status()).toBe(200);
    await expect.poll(() => tabB.evaluate(() => Number(localStorage.getItem('pc.session.lastActivity')))).toBe(clickAt);

    // One minute past the original deadline: neither tab warns or signs out.
    await s.page.clock.pauseAt(t0 + limit + 1 * MIN);
    await expect(tabB.getByRole('alertdialog')).toHaveCount(0);
    await expect(s.console.idleDialog).toHaveCount(0);
    await expect(tabB).toHaveURL(new RegExp(`/w/${workspaceId}/destinations$`));
    await expect(s.page).toHaveURL(new RegExp(`/w/${workspaceId}/overview$`));
    expect((await s.context.request.get('/api/session/status')).status()).toBe(200);

    // The new deadline still holds, in both tabs.
    await s.page.clock.pauseAt(clickAt + limit);
    await expect(tabB).toHaveURL(/\/login\?reason=idle/);
    await expect(s.page).toHaveURL(/\/login\?reason=idle/);
  });

  test('"Stay signed in" in the warning resets the timer', async ({ signedIn, hipaaAccount }) => {
    const s = await openConsole(await signedIn(account(hipaaAccount)), Boolean(hipaaAccount));
    const t0 = await s.console.lastActivity();

    await s.page.clock.pauseAt(t0 + limit - 1 * MIN);
    await expect(s.console.idleDialog).toBeVisible();
    await expect(s.console.idleCountdown).toHaveText('1:00');
    await expect(s.console.staySignedIn).toBeFocused();
    // The countdown is live.
    await s.page.clock.runFor(5 * SEC);
    await expect(s.console.idleCountdown).toHaveText('0:55');

    const beat = s.page.waitForResponse((r) => r.url().endsWith('/api/session/activity'));
    await s.console.staySignedIn.click();
    expect((await beat).status()).toBe(200);
    await s.page.clock.runFor(1 * SEC);
    await expect(s.console.idleDialog).toHaveCount(0);

    await s.page.clock.pauseAt(t0 + limit + 30 * SEC);
    await expect(s.console.idleDialog).toHaveCount(0);
    await expect(s.page).toHaveURL(new RegExp(`/w/${workspaceId}/overview$`));
    expect((await s.context.request.get('/api/session/status')).status()).toBe(200);
  });
});
