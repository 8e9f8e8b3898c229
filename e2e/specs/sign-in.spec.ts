// Sign-in failures: the message, lockout after 5 failures, and no account
// enumeration (an unknown email fails and locks exactly like a real one).
// Every test uses its own throwaway addresses so no demo account gets locked.
// Failures also count per IP (30 per 15 minutes, all tests come from
// 127.0.0.1): keep the number of failed attempts in this file low.
import { test, expect } from '../fixtures';
import { throwawayEmail } from '../support/accounts';
import { apiSignIn } from '../support/auth';

const INVALID = 'Email or password is incorrect.';
const LOCKED = 'Too many failed attempts. This account is locked for 15 minutes.';
const LOCKOUT_FAILURES = 5;

test('a wrong password gets the same message as an unknown email', async ({ db, loginPage, page }) => {
  if (db) {
    const email = throwawayEmail('wrongpw');
    await db.createUser(email, 'the-right-password-123');
    await loginPage.goto();
    await loginPage.signInExpectingError(email, 'not-the-password', INVALID);
  } else {
    test.info().annotations.push({ type: 'note', description: 'no DATABASE_URL: only the unknown-email half runs' });
    await loginPage.goto();
  }
  await loginPage.signInExpectingError(throwawayEmail('nobody'), 'whatever-password', INVALID);
  await expect(page).toHaveURL(/\/login$/);
});

test('an unknown email locks after 5 failures, like a real account would', async ({ loginPage }) => {
  const email = throwawayEmail('unknown');
  await loginPage.goto();
  for (let i = 0; i < LOCKOUT_FAILURES; i++) await loginPage.signInExpectingError(email, `guess-${i}`, INVALID);
  await loginPage.signInExpectingError(email, 'guess-6', LOCKED);
});

test('a real account locks after 5 failures, even for the right password; unknown emails answer identically', async ({
  db,
  loginPage,
  request,
}) => {
  test.skip(!db, 'needs DATABASE_URL to create a throwaway account');
  const real = throwawayEmail('lockme');
  const password = 'correct-horse-battery-staple';
  const userId = await db!.createUser(real, password, [
    { workspaceId: await db!.createWorkspace('E2E Lockout'), role: 'member' },
  ]);
  const unknown = throwawayEmail('ghost');

  // Attempt by attempt, the real and the unknown address get the same answer.
  for (let i = 0; i < LOCKOUT_FAILURES; i++) {
    const a = await apiSignIn(request, real, `wrong-${i}`);
    expect(a, `attempt ${i + 1}`).toEqual({ ok: false, error: 'invalid' });
    expect(await apiSignIn(request, unknown, `wrong-${i}`), `attempt ${i + 1}`).toEqual(a);
  }
  expect(await apiSignIn(request, real, password)).toEqual({ ok: false, error: 'locked' });
  expect(await apiSignIn(request, unknown, password)).toEqual({ ok: false, error: 'locked' });

  // What the user sees on the form, for both.
  await loginPage.goto();
  await loginPage.signInExpectingError(real, password, LOCKED);
  await loginPage.signInExpectingError(unknown, password, LOCKED);

  expect(await db!.auditRows({ eventType: 'auth.sign_in_failed', actorUserId: userId })).toHaveLength(LOCKOUT_FAILURES);
  expect(await db!.auditRows({ eventType: 'auth.account_locked', actorUserId: userId })).toHaveLength(1);
  expect(await db!.auditRows({ eventType: 'auth.signed_in', actorUserId: userId })).toHaveLength(0);
});
