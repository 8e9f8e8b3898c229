// Workspaces: create from the switcher, rename, and the HIPAA-eligible badge
// that a Business-tier BAA switches on (with the 15-minute idle limit) and a
// revoke switches off, leaving a warning banner on PHI screens.
import { test, expect } from '../support/own-workspace';
import { WorkspaceSettingsPage } from '../pages/workspace-settings-page';

test('creates a workspace from the switcher area and renames it', async ({ ownWorkspace }) => {
  const { page, console: shell, id: firstId } = await ownWorkspace();
  await shell.goto(firstId);
  await page.getByRole('link', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create workspace' })).toBeVisible();

  // Bad input is refused with a clear message and nothing is created.
  await page.getByLabel('Workspace name').fill('   ');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Workspace name is required.');

  const name = `E2E Created ${Date.now().toString(36)}`;
  await page.getByLabel('Workspace name').fill(name);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await shell.expectAt('overview');
  const id = shell.workspaceId();
  expect(id).not.toBe(firstId);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(shell.workspaceSwitcher).toHaveValue(id);

  const settings = new WorkspaceSettingsPage(page);
  await settings.goto(id);
  await settings.name.fill(`${name} Renamed`);
  await settings.save.click();
  await expect(shell.workspaceSwitcher.getByRole('option', { name: `${name} Renamed` })).toHaveCount(1);
  await expect(page.getByText(/^e2e-created-/)).toBeVisible(); // the slug stays

  // Switching back to the first workspace works from the switcher.
  await shell.workspaceSwitcher.selectOption(firstId);
  await shell.expectAt('overview', firstId);
});

test('the HIPAA badge appears with a Business BAA and disappears on revoke, leaving a banner on PHI screens', async ({
  ownWorkspace,
  db,
}) => {
  const { page, console: shell, id, api } = await ownWorkspace();
  const settings = new WorkspaceSettingsPage(page);
  await settings.goto(id);
  await expect(settings.notEligible).toContainText('No Business Associate Addendum (BAA) is on record.');
  await expect(settings.headerBadge).toHaveCount(0);

  // A Team-tier BAA is recorded but is not enough.
  const today = new Date().toISOString().slice(0, 10);
  await settings.recordBaa({ signedAt: today, signatory: 'Dana Signer', planTier: 'Team' });
  await expect(settings.notEligible).toContainText('the Business plan is required');

  await settings.recordBaa({ signedAt: today, signatory: 'Dana Signer, CEO', planTier: 'Business' });
  await expect(settings.eligible).toContainText('HIPAA Eligible — This workspace is HIPAA Eligible');
  await expect(settings.eligible).toContainText('Dana Signer, CEO');
  await expect(settings.headerBadge).toBeVisible();
  // Eligibility switches on the 15-minute idle limit for this member.
  expect((await (await api.get('/api/session/status')).json()).idleSeconds).toBe(15 * 60);

  await settings.revokeButton.click();
  await expect(settings.revokeDialog).toBeVisible();
  await settings.revokeDialog.getByRole('button', { name: 'Revoke BAA' }).click();
  await expect(settings.revokeDialog).toHaveCount(0);
  await expect(settings.notEligible).toContainText('was revoked on');
  await expect(settings.eligible).toHaveCount(0);
  await expect(settings.headerBadge).toHaveCount(0);

  for (const section of ['sources', 'destinations', 'privacy'] as const) {
    await shell.goto(id, section);
    await expect(settings.banner).toContainText('The BAA for this workspace was revoked');
  }
  await shell.goto(id, 'overview');
  await expect(settings.banner).toHaveCount(0);

  if (db) {
    const events = (
      await db.query<{ eventType: string }>(
        `SELECT "eventType" FROM "AuditLog" WHERE "workspaceId" = $1 ORDER BY seq`,
        [id],
      )
    ).map((r) => r.eventType);
    expect(events).toEqual([
      'workspace.created',
      'workspace.baa_recorded',
      'workspace.baa_recorded',
      'workspace.baa_revoked',
    ]);
  }
});
