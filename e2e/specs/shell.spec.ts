// The console shell: sign-in page, navigation per role, workspace switcher,
// user menu sign-out, and keyboard-only sign-in.
import { test, expect } from '../fixtures';
import { ACCOUNTS, storageStatePath, type Role } from '../support/accounts';

const ALL_SECTIONS = ['Overview', 'Sources', 'Destinations', 'Privacy', 'Audit Log', 'Settings'];
/** Nav link texts, in order; a link may carry a count badge (e.g. new fields in the Privacy inbox). */
const navTexts = (labels: string[]) => labels.map((l) => new RegExp(`^${l}(\\d+)?$`));

test.describe('signed out', () => {
  test('the sign-in page renders', async ({ loginPage, page }) => {
    await loginPage.goto();
    await expect(page).toHaveTitle(/Sign in/);
    await expect(loginPage.email).toBeEditable();
    await expect(loginPage.password).toHaveAttribute('type', 'password');
    await expect(loginPage.submit).toBeEnabled();
    await expect(loginPage.notice).toHaveCount(0);
  });

  test('a console page sends an anonymous visitor to sign-in', async ({ page, loginPage, workspaceIds }) => {
    await page.goto(`/w/${workspaceIds.sunshine}/overview`);
    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.heading).toBeVisible();
  });

  test('the owner signs in with the form and lands on Overview', async ({
    page,
    loginPage,
    consolePage,
    workspaceIds,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(ACCOUNTS.owner.email, ACCOUNTS.owner.password);
    await consolePage.expectAt('overview', workspaceIds.sunshine);
    await expect(page.getByRole('heading', { level: 1, name: 'Sunshine Health' })).toBeVisible();
    await expect(consolePage.navLinks).toHaveText(navTexts(ALL_SECTIONS));
    await expect(consolePage.nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  });

  test('keyboard only: Tab to the fields, Enter submits', async ({ page, loginPage, consolePage }) => {
    await loginPage.goto();
    await page.keyboard.press('Tab');
    await expect(loginPage.email).toBeFocused();
    await page.keyboard.type(ACCOUNTS.member.email);
    await page.keyboard.press('Tab');
    await expect(loginPage.password).toBeFocused();
    await page.keyboard.type(ACCOUNTS.member.password);
    await page.keyboard.press('Enter');
    await consolePage.expectAt('overview');
  });

  test('signing out from the user menu ends the session', async ({ signedIn, workspaceIds }) => {
    const { page, console: shell, login, context } = await signedIn('compliance');
    await shell.goto(workspaceIds.sunshine);
    await shell.userMenuButton.click();
    await expect(page.getByRole('menu', { name: 'User menu' })).toContainText(ACCOUNTS.compliance.email);
    await shell.signOutItem.click();
    await expect(page).toHaveURL(/\/login\?reason=signed_out$/);
    await expect(login.notice).toHaveText('You have been signed out.');
    // The session is gone on the server, not just in this tab.
    expect((await context.request.get('/api/session/status')).status()).toBe(401);
    await page.goto(`/w/${workspaceIds.sunshine}/overview`);
    await expect(page).toHaveURL(/\/login$/);
  });
});

const NAV_BY_ROLE: Record<Role, string[]> = {
  owner: ALL_SECTIONS,
  compliance: ALL_SECTIONS,
  member: ALL_SECTIONS.filter((s) => s !== 'Audit Log'),
  otherOwner: ALL_SECTIONS,
};

for (const role of ['owner', 'member', 'compliance', 'otherOwner'] as Role[]) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: storageStatePath(role) });

    test('navigation shows what the role may open; the switcher lists only its workspaces', async ({
      page,
      consolePage,
      workspaceIds,
    }) => {
      const ws = ACCOUNTS[role].workspace === 'sunshine' ? workspaceIds.sunshine : workspaceIds.northwind;
      await page.goto('/');
      await consolePage.expectAt('overview', ws);
      await expect(consolePage.navLinks).toHaveText(navTexts(NAV_BY_ROLE[role]));
      const own = ACCOUNTS[role].workspace === 'sunshine' ? 'Sunshine Health' : 'Northwind Clinic';
      await expect(consolePage.workspaceSwitcher.getByRole('option')).toHaveText([own]);
      await expect(consolePage.workspaceSwitcher).toHaveValue(ws);
    });

    test('each nav link opens its page', async ({ page, consolePage, workspaceIds }) => {
      const ws = ACCOUNTS[role].workspace === 'sunshine' ? workspaceIds.sunshine : workspaceIds.northwind;
      await consolePage.goto(ws);
      for (const [label, section] of [
        ['Sources', 'sources'],
        ['Destinations', 'destinations'],
        ['Privacy', 'privacy'],
        ['Settings', 'settings'],
      ] as const) {
        await consolePage.nav.getByRole('link', { name: label }).click();
        await consolePage.expectAt(section, ws);
        await expect(consolePage.nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      }
    });
  });
}

test('a user of two workspaces sees both in the switcher and can switch', async ({ db, signedIn }) => {
  test.skip(!db, 'needs DATABASE_URL to create a user with two workspaces');
  const tag = Math.random().toString(36).slice(2, 8);
  const a = await db!.createWorkspace(`E2E Alpha ${tag}`);
  const b = await db!.createWorkspace(`E2E Beta ${tag}`);
  const creds = { email: `switch-${tag}@e2e.example`, password: `e2e-switch-${tag}-password` };
  await db!.createUser(creds.email, creds.password, [
    { workspaceId: a, role: 'owner' },
    { workspaceId: b, role: 'compliance' },
  ]);

  const { page, console: shell } = await signedIn(creds);
  await page.goto('/');
  await shell.expectAt('overview', a);
  await expect(shell.workspaceSwitcher.getByRole('option')).toHaveText([`E2E Alpha ${tag}`, `E2E Beta ${tag}`]);
  await shell.workspaceSwitcher.selectOption({ label: `E2E Beta ${tag}` });
  await shell.expectAt('overview', b);
  await expect(page.getByRole('heading', { level: 1, name: `E2E Beta ${tag}` })).toBeVisible();
  await expect(shell.workspaceSwitcher).toHaveValue(b);
});
