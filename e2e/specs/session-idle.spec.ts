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
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Page, Request, Response } from '@playwright/test';
import { test, expect, NO_DB_REASON, type HipaaAccount, type SignedIn } from '../fixtures';
import { ConsolePage } from '../pages/console-page';
import { LoginPage } from '../pages/login-page';
import { PrivacyPage } from '../pages/privacy-page';
import type { Role } from '../support/accounts';
import { cookieHeader, sessionCookie, sessionTokenHash } from '../support/auth';
import type { E2eDb, SessionRow } from '../support/db';

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

// Two tabs left alone as a real user leaves them: one on an Overview with a
// destination, one on the Privacy Portal, with every timer of both pages (the
// idle tick, the Inbox's 15-second refetchInterval, the router's prefetches)
// run by the context's clock through 14 and then 15 minutes.
test.describe('two idle tabs with every timer running', () => {
  test.skip(({ db }) => !db, NO_DB_REASON);

  test('Overview and Privacy Portal left idle: polls are not activity, both warn at 14:00, one sign-out request at 15:00', async ({
    signedIn,
    hipaaAccount,
    db,
  }) => {
    const ws = hipaaAccount!.workspaceId;
    const s = await signedIn(hipaaAccount!);
    await createDestination(s.context.request, ws);

    // Every sign-out request of every tab of the context.
    const logouts: string[] = [];
    s.context.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/session/logout') logouts.push(r.url());
    });

    await s.context.clock.install();
    const overview = s.console;
    await overview.goto(ws);
    // The Overview counts the destination and draws its blast radius.
    const destinationsCard = s.page
      .getByRole('main')
      .locator('div')
      .filter({ has: s.page.getByRole('term').filter({ hasText: /^Destinations$/ }) });
    await expect(destinationsCard.getByRole('definition').first()).toHaveText(/^[1-9]\d*$/);
    await expect(s.page.getByRole('heading', { level: 2, name: 'PHI blast radius' })).toBeVisible();
    const tab2 = await s.context.newPage();
    const privacy = new PrivacyPage(tab2);
    const portal = new ConsolePage(tab2);
    // Opening the Inbox marks it seen (a mutation, so activity) and refreshes the page (a navigation, so
    // activity too). Both are over, on the server too, before the tabs are left alone.
    const seen = tab2.waitForResponse((r) => r.url().endsWith('/privacy/inbox/seen'));
    const refreshed = requestEnded(tab2, (r) => {
      const h = r.headers();
      return new URL(r.url()).pathname === `/w/${ws}/privacy` && h.rsc === '1' && !h['next-router-prefetch'];
    });
    await privacy.goto(ws);
    expect((await seen).status()).toBe(200);
    await refreshed;
    const tokenHash = await sessionTokenHash((await sessionCookie(s.context)).value);
    const before = await settledSession(db!, tokenHash);

    const t0 = await overview.lastActivity();
    const start = (await s.page.evaluate(() => Date.now())) + SEC;
    await s.context.clock.pauseAt(start);

    // Up to 14:00, 15 seconds at a time, each step waiting for the Inbox poll it fires to be answered.
    const isPoll = (r: Response) => r.request().method() === 'GET' && r.url().endsWith(`/${ws}/privacy/inbox`);
    const warnAt = t0 + 14 * MIN + 999; // each tab's 1-second tick lands somewhere in the second after 14:00
    const polls: number[] = [];
    let at = start;
    while (warnAt - at >= 15 * SEC) {
      const polled = tab2.waitForResponse(isPoll);
      await s.context.clock.runFor(15 * SEC);
      at += 15 * SEC;
      const res = await polled;
      // React Query restarts the interval when the answer is in, so the page must have it before time moves on.
      await res.finished();
      await settleTasks(tab2);
      polls.push(res.status());
    }
    await s.context.clock.runFor(warnAt - at);

    expect(polls.length).toBeGreaterThan(50);
    expect(polls.every((p) => p === 200)).toBe(true);
    for (const c of [overview, portal]) {
      await expect(c.idleDialog).toBeVisible();
      await expect(c.idleCountdown).toHaveText('1:00');
    }
    expect(logouts).toEqual([]);
    // Server side: none of the background traffic moved the last activity.
    expect((await db!.sessionByTokenHash(tokenHash)).lastActivityAt).toEqual(before.lastActivityAt);

    // On through 15:00 and 30 seconds past it in one run, so the ticks keep coming while the sign-out is pending.
    await s.context.clock.runFor(MIN + 30 * SEC);
    for (const page of [s.page, tab2]) await new LoginPage(page).expectIdleNotice(15);
    expect(logouts).toHaveLength(1);
    const after = await db!.sessionByTokenHash(tokenHash);
    expect(after.revokedReason).toBe('idle');
    expect(after.lastActivityAt).toEqual(before.lastActivityAt);
    expect(await db!.auditRows({ eventType: 'auth.session_timed_out', targetId: after.id })).toHaveLength(1);
  });
});

/** Resolves when a request matching `match` has ended: answered in full, or aborted (the router aborts a refresh). */
function requestEnded(page: Page, match: (r: Request) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const done = (r: Request) => {
      if (!match(r)) return;
      page.off('requestfinished', done).off('requestfailed', done);
      resolve();
    };
    page.on('requestfinished', done).on('requestfailed', done);
  });
}

/** Lets the page run its pending tasks (the fake clock holds timers, not message events). */
async function settleTasks(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        ch.port2.postMessage(null);
      }),
  );
}

/** The session row once its last activity has stopped moving (two reads 250 ms apart agree). */
async function settledSession(db: E2eDb, tokenHash: string): Promise<SessionRow> {
  let row: SessionRow | null = null;
  await expect
    .poll(
      async () => {
        const prev = row?.lastActivityAt.getTime();
        row = await db.sessionByTokenHash(tokenHash);
        return prev === undefined ? null : row.lastActivityAt.getTime() - prev;
      },
      { intervals: [250], message: 'last activity still moving' },
    )
    .toBe(0);
  return row!;
}

/** A webhook destination (and its source) in the workspace, so that its Overview lists a destination. */
async function createDestination(api: APIRequestContext, ws: string): Promise<void> {
  const tag = randomBytes(3).toString('hex');
  const src = await api.post(`/api/workspaces/${ws}/sources`, { data: { name: `Idle API ${tag}`, type: 'http_api' } });
  expect(src.status(), await src.text()).toBe(201);
  const dest = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId: ((await src.json()) as { source: { id: string } }).source.id,
      name: `Idle webhook ${tag}`,
      settings: { url: 'https://example.org/hooks/idle', sharedSecret: 'e2e-shared-secret-0123456789' },
    },
  });
  expect(dest.status(), await dest.text()).toBe(201);
}
