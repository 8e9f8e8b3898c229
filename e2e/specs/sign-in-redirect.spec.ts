// After sign-in, `/login?next=…` is followed only to a same-origin path. The
// probe's forms (a backslash, a tab) and the usual bypasses once sent the browser
// to evil.example; every one of them must land on the console instead.
import { test, expect } from '../fixtures';
import { ACCOUNTS } from '../support/accounts';
import { BASE_URL } from '../support/env';

// As they appear in the address bar (already percent-encoded where a browser would need it).
const HOSTILE: [string, string][] = [
  ['a backslash', '/%5Cevil.example/x'],
  ['a tab', '/%09/evil.example/x'],
  ['slash backslash slash', '/%5C/evil.example/x'],
  ['two slashes', '//evil.example/x'],
  ['encoded slashes', '/%2F/evil.example/x'],
  ['an absolute URL', 'https://evil.example/x'],
  ['javascript:', 'javascript:alert(document.domain)'],
  ['data:', 'data:text/html,%3Cscript%3Ealert(1)%3C/script%3E'],
];

test.describe('sign-in with a hostile next', () => {
  test.beforeEach(async ({ page }) => {
    // Should the browser ever try to leave, it meets this instead of the network.
    await page.route(
      (url) => url.hostname.endsWith('evil.example'),
      (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'left the console' }),
    );
  });

  for (const [name, next] of HOSTILE) {
    test(`${name} lands on the console`, async ({ page, loginPage, consolePage, workspaceIds }) => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await loginPage.goto(`?next=${next}`);
      await loginPage.signIn(ACCOUNTS.owner.email, ACCOUNTS.owner.password);
      await consolePage.expectAt('overview', workspaceIds.sunshine);
      expect(new URL(page.url()).origin).toBe(new URL(BASE_URL).origin);
      await expect(page.getByText('left the console')).toHaveCount(0);
      expect(dialogs).toEqual([]);
    });
  }

  test('a same-origin next is followed', async ({ page, loginPage }) => {
    await loginPage.goto(`?next=${encodeURIComponent('/account/security')}`);
    await loginPage.signIn(ACCOUNTS.owner.email, ACCOUNTS.owner.password);
    await expect(page).toHaveURL(`${new URL(BASE_URL).origin}/account/security`);
  });
});
