// Signs each role in through the API once and saves its storageState, so specs
// start signed in without going through the form. These sessions are shared by
// many tests: a test that signs out or lets a session expire must use its own
// (the `signedIn` fixture), never one of these.
import { test as setup, expect } from '@playwright/test';
import { ACCOUNTS, ROLES, storageStatePath } from '../support/accounts';
import { apiSignIn } from '../support/auth';

for (const role of ROLES) {
  setup(`sign in ${role}`, async ({ request }) => {
    const { email, password } = ACCOUNTS[role];
    expect(await apiSignIn(request, email, password)).toEqual({ ok: true });
    const status = await request.get('/api/session/status');
    expect(status.status()).toBe(200);
    expect((await status.json()).user.email).toBe(email);
    await request.storageState({ path: storageStatePath(role) });
  });
}
