// Sign-in failures: the message, lockout after 5 failures, and no account
// enumeration (an unknown email fails and locks exactly like a real one).
// Every test uses its own throwaway address so no demo account gets locked.
import { test, expect } from '../fixtures';
import { throwawayEmail } from '../support/accounts';
import { apiSignIn } from '../support/auth';

const INVALID = 'Email or password is incorrect.';
const LOCKED = 'Too many failed attempts. This account is locked for 15 minutes.';
const LOCKOUT_FAILURES = 5;

test('a wrong password says so, without saying which part was wrong', async ({ db, loginPage, page }) => {
  test.skip(!db, 'needs DATABASE_URL for a throwaway account (the demo accounts must not collect failures)');
  const email = throwawayEmail('wrongpw');
  await db!.createUser(email, 'the-right-password-123');
  await loginPage.goto();
  await loginPage.signInExpectingError(email, 'not-the-password', INVALID);
  await expect(page).toHaveURL(/\/login$/);
  // The same message for an address that does not exist.
  await loginPage.signInExpectingError(throwawayEmail('nobody'), 'whatever-password', INVALID);
});

test('an unknown email locks after 5 failures, with the same message as a real account', async ({ loginPage }) => {
  const email = throwawayEmail('unknown');
  await loginPage.goto();
  for (let i = 0; i < LOCKOUT_FAILURES; i++) await loginPage.signInExpectingError(email, `guess-${i}`, INVALID);
  await loginPage.signInExpectingError(email, 'guess-6', LOCKED);
});

test.describe('a real account', () => {
  test.skip(({ db }) => !db, 'needs DATABASE_URL to create a throwaway account');

  test('locks after 5 failures, even for the right password, and the lock is audited', async ({ db, loginPage, request }) => {
    const email = throwawayEmail('lockme');
    const password = 'correct-horse-battery-staple';
    const userId = await db!.createUser(email, password, [{ workspaceId: await db!.createWorkspace('E2E Lockout'), role: 'member' }]);

    await loginPage.goto();
    for (let i = 0; i < LOCKOUT_FAILURES; i++) await loginPage.signInExpectingError(email, `wrong-${i}`, INVALID);
    await loginPage.signInExpectingError(email, 'wrong-again', LOCKED);
    await loginPage.signInExpectingError(email, password, LOCKED);
    // The API answers with the same code the form turns into that message.
    expect(await apiSignIn(request, email, password)).toEqual({ ok: false, error: 'locked' });

    expect(await db!.auditRows({ eventType: 'auth.sign_in_failed', actorUserId: userId })).toHaveLength(LOCKOUT_FAILURES);
    expect(await db!.auditRows({ eventType: 'auth.account_locked', actorUserId: userId })).toHaveLength(1);
  });

  test('unknown and real emails get identical answers at every step', async ({ db, request }) => {
    const real = throwawayEmail('real');
    await db!.createUser(real, 'correct-horse-battery-staple');
    const unknown = throwawayEmail('ghost');
    for (let i = 0; i <= LOCKOUT_FAILURES; i++) {
      const a = await apiSignIn(request, real, `wrong-${i}`);
      const b = await apiSignIn(request, unknown, `wrong-${i}`);
      expect(b, `attempt ${i + 1}`).toEqual(a);
      expect(a).toEqual({ ok: false, error: i < LOCKOUT_FAILURES ? 'invalid' : 'locked' });
    }
  });
});
