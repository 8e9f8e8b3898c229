// Account security: turning two-factor on, replacing the authenticator and
// turning it off each ask for the password (an authenticator code is not
// enough) and, once two-factor is on, a current code; a change signs out the
// user's other sessions (issue 14 #2: a copied session cookie could replace
// the secret and lock the owner out).
import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { test, expect, NO_DB_REASON } from '../fixtures';
import { AccountSecurityPage } from '../pages/account-security-page';
import { throwawayEmail } from '../support/accounts';
import { apiSignIn } from '../support/auth';
import { BASE_URL } from '../support/env';

const totp = (secret: string) => generate({ secret });

/** A six-digit code that is not the current one (the server also accepts the step either side). */
async function notCurrent(secret: string): Promise<string> {
  const now = Number(await totp(secret));
  return String((now + 500_000) % 1_000_000).padStart(6, '0');
}

test('replacing the authenticator asks for the password and the current code, then signs out the other session', async ({
  db,
  browser,
  signedIn,
}) => {
  test.skip(!db, NO_DB_REASON);
  const email = throwawayEmail('mfa');
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const workspaceId = await db!.createWorkspace('E2E MFA Clinic');
  const userId = await db!.createUser(email, password, [{ workspaceId, role: 'owner' }]);

  // First enrolment: the password first, even though two-factor is off.
  const first = await signedIn({ email, password });
  const one = new AccountSecurityPage(first.page);
  await one.goto();
  await one.setUp.click();
  await one.confirmPassword(password);
  const oldSecret = (await one.key.textContent())!;
  await one.newCode.fill(await totp(oldSecret));
  await one.turnOn.click();
  await expect(one.status).toHaveText('Two-factor authentication is on.');
  await expect(one.recoveryCodes).toHaveCount(10);
  const recovery = await one.recoveryCodes.allTextContents();

  // A second session, signed in with the code; it replaces the authenticator.
  const context = await browser.newContext({ baseURL: BASE_URL });
  try {
    expect(await apiSignIn(context.request, email, password, await totp(oldSecret))).toEqual({ ok: true });
    const two = new AccountSecurityPage(await context.newPage());
    await two.goto();
    await expect(two.summary).toBeVisible();
    await two.replace.click();
    await two.confirmPassword(password);
    await expect(two.currentCode).toBeFocused();
    const newSecret = (await two.key.textContent())!;
    expect(newSecret).not.toBe(oldSecret);

    // A wrong current code is refused, next to its field, and nothing changes.
    await two.currentCode.fill(await notCurrent(oldSecret));
    await two.newCode.fill(await totp(newSecret));
    await two.confirmNew.click();
    await expect(two.replaceForm.getByRole('alert')).toHaveText(/That current code is not correct\./);
    await expect(two.currentCode).toHaveAttribute('aria-invalid', 'true');
    expect(await db!.auditRows({ eventType: 'auth.mfa_reenrolled', actorUserId: userId })).toHaveLength(0);

    // A recovery code as the current code; the wrong code spent the password, so it is asked again.
    await two.currentCode.fill(recovery[0]!);
    await two.newCode.fill(await totp(newSecret));
    await two.confirmNew.click();
    await two.confirmPassword(password);
    await expect(two.status).toHaveText(
      'Your new authenticator app is set up. Your other sessions (1) were signed out.',
    );
    await expect(two.recoveryCodes).toHaveCount(10);
    expect(await two.recoveryCodes.allTextContents()).not.toContain(recovery[1]);
    expect(await db!.auditRows({ eventType: 'auth.mfa_reenrolled', actorUserId: userId })).toHaveLength(1);

    // The first session is over; the one that made the change is not.
    await first.page.goto('/account/security');
    await expect(first.page).toHaveURL(/\/login/);
    await two.goto();
    await expect(two.summary).toBeVisible();

    // The old authenticator no longer signs in; the new one does.
    const probe = await browser.newContext({ baseURL: BASE_URL });
    try {
      expect(await apiSignIn(probe.request, email, password, recovery[1])).toEqual({ ok: false, error: 'mfa_invalid' });
      expect(await apiSignIn(probe.request, email, password, await totp(newSecret))).toEqual({ ok: true });
    } finally {
      await probe.close();
    }
  } finally {
    await context.close();
  }
});

test('turning two-factor off asks for the password and a current code', async ({ db, browser }) => {
  test.skip(!db, NO_DB_REASON);
  const email = throwawayEmail('mfaoff');
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const userId = await db!.createUser(email, password, [
    { workspaceId: await db!.createWorkspace('E2E MFA Off'), role: 'owner' },
  ]);
  const context = await browser.newContext({ baseURL: BASE_URL });
  try {
    expect(await apiSignIn(context.request, email, password)).toEqual({ ok: true });
    const sec = new AccountSecurityPage(await context.newPage());
    await sec.goto();
    await sec.setUp.click();
    await sec.confirmPassword(password);
    const secret = (await sec.key.textContent())!;
    await sec.newCode.fill(await totp(secret));
    await sec.turnOn.click();
    await expect(sec.recoveryCodes).toHaveCount(10);

    await sec.goto();
    await sec.turnOffStart.click();
    await expect(sec.currentCode).toBeFocused();
    await sec.currentCode.fill(await totp(secret));
    await sec.confirmTurnOff.click();
    // Still within the password window from the enrolment: no dialog this time.
    await expect(sec.status).toHaveText('Two-factor authentication is off.');
    await expect(sec.setUp).toBeVisible();
    expect(await db!.auditRows({ eventType: 'auth.mfa_disabled', actorUserId: userId })).toHaveLength(1);
  } finally {
    await context.close();
  }
});
