// Feedback on every action (issue 15 #5): saves confirm in the console's one
// status region (role="status" inside an aria-live="polite" container), a slow
// navigation shows progress, the one-time write key cannot be dismissed before
// it is acknowledged and focus returns to the opener, and empty lists say what
// to do next.
import type { Route } from '@playwright/test';
import { test, expect } from '../support/own-workspace';
import { AuditPage } from '../pages/audit-page';
import { DestinationsPage } from '../pages/destinations-page';
import { EncryptionPage } from '../pages/encryption-page';
import { NavigationProgress, Toasts } from '../pages/feedback';
import { SourcesPage } from '../pages/sources-page';
import { WorkspaceSettingsPage } from '../pages/workspace-settings-page';
import { createWebhookDestination } from '../support/encryption';

test('turning a destination on, and saving its settings, each announce their own result', async ({ ownWorkspace }) => {
  const { page, id: ws, api } = await ownWorkspace();
  const { destinationId } = await createWebhookDestination(api, ws);
  const toasts = new Toasts(page);
  const d = new DestinationsPage(page);
  await page.goto(`/w/${ws}/destinations/${destinationId}/settings`);

  const enable = page.getByRole('switch', { name: 'Enable destination' });
  await expect(enable).toHaveAttribute('aria-checked', 'false');
  await enable.click();
  const enabled = toasts.message('Clinic webhook enabled');
  await expect(enabled).toBeVisible();
  await expect(toasts.liveRegionOf(enabled)).toHaveCount(1);
  await expect(enable).toHaveAttribute('aria-checked', 'true');
  // Turning it on is not a save of the Settings form, and says nothing about it.
  await expect(toasts.message('Settings saved')).toHaveCount(0);

  await d.name.fill('Clinic webhook (lab)');
  await d.save.click();
  await expect(toasts.message('Settings saved')).toBeVisible();
  const saved = await api.get(`/api/workspaces/${ws}/destinations/${destinationId}`);
  expect(((await saved.json()) as { name: string; enabled: boolean }).name).toBe('Clinic webhook (lab)');

  // The list's switch confirms in the same place.
  await d.goto(ws);
  await d.row('Clinic webhook (lab)').getByRole('switch', { name: 'Enable Clinic webhook (lab)' }).click();
  await expect(toasts.message('Clinic webhook (lab) disabled')).toBeVisible();
  const after = await api.get(`/api/workspaces/${ws}/destinations/${destinationId}`);
  expect(((await after.json()) as { enabled: boolean }).enabled).toBe(false);
});

test('Data Encryption: turning on, Save Changes and regenerating the key each confirm in the status region', async ({
  ownWorkspace,
}) => {
  const { page, id: ws, api } = await ownWorkspace();
  const { destinationId } = await createWebhookDestination(api, ws);
  const toasts = new Toasts(page);
  const enc = new EncryptionPage(page);
  await enc.goto(ws, destinationId);

  await enc.encrypt.check();
  await enc.field('email').check();
  await enc.keySize.selectOption('2048');
  await enc.generate.click();
  await enc.modal.stored.check();
  await enc.modal.confirm('Save').click();
  await expect(enc.modal.root).toHaveCount(0);
  await expect(toasts.message('Data encryption turned on')).toBeVisible();

  await enc.field('birthdate').check();
  await enc.saveChanges.click();
  await expect(toasts.message('Encryption changes saved')).toBeVisible();

  await enc.regenerate.click();
  await expect(enc.modal.root).toBeVisible();
  await enc.modal.stored.check();
  await enc.modal.confirm('Save Changes').click();
  await expect(enc.modal.root).toHaveCount(0);
  await expect(toasts.message('New encryption key saved')).toBeVisible();
  await expect(enc.historyRows()).toHaveCount(2);
});

test('the write key dialog stays open on Escape until "I have stored…" is ticked; focus returns to the opener', async ({
  ownWorkspace,
}) => {
  const { page, id: ws } = await ownWorkspace();
  const sources = new SourcesPage(page);
  const toasts = new Toasts(page);
  await sources.goto(ws);

  await sources.addButton.click();
  await sources.addDialog.getByLabel('Source name').fill('Lab results API');
  await sources.addDialog.getByRole('button', { name: 'Create source' }).click();
  const dialog = sources.keyDialog('Lab results API');
  await expect(dialog).toBeVisible();
  const key = await sources.keyValue.inputValue();
  expect(key.length).toBeGreaterThan(20);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(sources.keyValue).toHaveValue(key);
  await expect(sources.keyDone).toBeDisabled();
  await sources.keyStored.check();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await sources.keyDone.click();
  await expect(dialog).toHaveCount(0);
  await expect(sources.addButton).toBeFocused();

  // Rotating: the same acknowledgement, and focus back on "Rotate write key".
  await sources.table.getByRole('link', { name: 'Lab results API' }).click();
  await sources.rotateButton.click();
  await sources.rotateDialog.getByRole('radio', { name: '1 hour' }).check();
  await sources.rotateDialog.getByRole('button', { name: 'Rotate write key' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(sources.keyDone).toBeDisabled();
  await sources.closeKeyDialog();
  await expect(sources.rotateButton).toBeFocused();

  // An ordinary dialog closed with Escape gives focus back too.
  await sources.rotateButton.click();
  await expect(sources.rotateDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sources.rotateDialog).toHaveCount(0);
  await expect(sources.rotateButton).toBeFocused();

  // Renaming the source confirms in the status region.
  await page.getByRole('navigation', { name: 'Source' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Source name').fill('Lab results API (prod)');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(toasts.message('Source renamed')).toBeVisible();
});

test('renaming the workspace confirms in the status region', async ({ ownWorkspace }) => {
  const { page, id: ws, name } = await ownWorkspace();
  const settings = new WorkspaceSettingsPage(page);
  await settings.goto(ws);
  await settings.name.fill(`${name} (renamed)`);
  await settings.save.click();
  await expect(new Toasts(page).message('Workspace renamed')).toBeVisible();
});

test('empty lists offer the next step: the call to action opens the catalog or the Add source dialog', async ({
  ownWorkspace,
}) => {
  const { page, id: ws } = await ownWorkspace();
  const d = new DestinationsPage(page);
  await d.goto(ws);
  await expect(d.table).toContainText('No destinations yet.');
  // The header's "Add destination" is a button-styled link, like the primary buttons.
  const bg = await d.addButton.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(31, 122, 90)');
  await d.table.getByRole('link', { name: 'Add your first destination' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${ws}/destinations/catalog$`));
  await expect(d.catalog).toBeVisible();

  const sources = new SourcesPage(page);
  await sources.goto(ws);
  await expect(sources.table).toContainText('No sources yet.');
  await sources.table.getByRole('button', { name: 'Add your first source' }).click();
  await expect(sources.addDialog).toBeVisible();
});

test('a slow page: after a sidebar click the console shows progress until the page arrives', async ({
  signedIn,
  workspaceIds,
}) => {
  const ws = workspaceIds.sunshine;
  const { page, console: shell } = await signedIn('owner');
  await shell.goto(ws, 'overview');
  const progress = new NavigationProgress(page);
  await expect(progress.status).toHaveCount(0);

  // Hold the Audit Log's server response until the test lets it go: a slow server, without sleeping.
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  let held = 0;
  const hold = async (route: Route) => {
    held++;
    await slow;
    await route.continue();
  };
  const audit = (url: URL) => url.pathname === `/w/${ws}/audit`;
  await page.route(audit, hold);

  await shell.nav.getByRole('link', { name: 'Audit Log' }).click();
  await expect(progress.status).toBeVisible();
  await expect(progress.main).toHaveAttribute('aria-busy', 'true');
  await expect.poll(() => held).toBeGreaterThan(0);
  release();
  await expect(new AuditPage(page).heading).toBeVisible();
  await expect(progress.status).toHaveCount(0);
  await expect(progress.main).not.toHaveAttribute('aria-busy', 'true');
  await page.unroute(audit, hold);
});
