// Sources: the write key is shown in full exactly once (create and rotate),
// never again in any page or API response, and never stored in clear.
import { createHash } from 'node:crypto';
import { test, expect } from '../support/own-workspace';
import { SourcesPage } from '../pages/sources-page';

test('the write key is shown once, then only its prefix, and is stored only as a hash', async ({
  ownWorkspace,
  db,
}) => {
  const { page, id, api } = await ownWorkspace();
  const sources = new SourcesPage(page);
  await sources.goto(id);
  await expect(sources.addDialog).toHaveCount(0);
  await sources.addButton.click();
  await expect(sources.addDialog.getByText('For PHI, collect on the server')).toBeVisible();
  await sources.addDialog.getByRole('button', { name: 'Cancel' }).click();

  const key = await sources.create('Patient Portal API');
  expect(key).toMatch(/^[A-Za-z0-9]{32}$/);

  // From here on, no response may carry the key.
  // Only finished requests: a request cut short by navigation has no body to read.
  const bodies: Promise<string>[] = [];
  page.on('requestfinished', (req) => {
    bodies.push(
      req
        .response()
        .then((r) => (r ? r.text() : ''))
        .catch(() => ''),
    );
  });
  await sources.closeKeyDialog();
  await expect(sources.table.getByRole('cell', { name: `${key.slice(0, 8)}…` })).toBeVisible();
  expect(await page.content()).not.toContain(key);

  await page.reload();
  await sources.table.getByRole('link', { name: 'Patient Portal API' }).click();
  await expect(sources.prefix).toHaveText(`${key.slice(0, 8)}…`);
  expect(await page.content()).not.toContain(key);

  const list = await api.get(`/api/workspaces/${id}/sources`);
  const listText = await list.text();
  expect(listText).toContain(key.slice(0, 8));
  expect(listText).not.toContain(key);
  const sourceId = new URL(page.url()).pathname.split('/').pop()!;
  expect(await (await api.get(`/api/workspaces/${id}/sources/${sourceId}`)).text()).not.toContain(key);
  for (const b of await Promise.all(bodies)) expect(b).not.toContain(key);

  if (db) {
    const [row] = await db.query<{ keyHash: string; prefix: string }>(
      'SELECT "keyHash", prefix FROM "WriteKey" WHERE "sourceId" = $1',
      [sourceId],
    );
    expect(row.keyHash).toBe(createHash('sha256').update(`writekey:${key}`).digest('hex'));
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table_name}" x WHERE position($1 in row_to_json(x)::text) > 0`,
        [key],
      );
      expect(n, `write key in clear in ${table_name}`).toBe(0);
    }
  }
});

test('rotating issues a new key once and keeps the old one for the chosen grace period', async ({ ownWorkspace }) => {
  const { page, id } = await ownWorkspace();
  const sources = new SourcesPage(page);
  await sources.goto(id);
  const first = await sources.create('Clinic Backend', 'Node.js');
  await sources.closeKeyDialog();
  await sources.table.getByRole('link', { name: 'Clinic Backend' }).click();

  const second = await sources.rotate('24 hours');
  expect(second).not.toBe(first);
  await expect(page.getByText(/The previous key keeps working until/)).toBeVisible();
  await sources.closeKeyDialog();
  await expect(sources.prefix).toHaveText(`${second.slice(0, 8)}…`);
  await expect(page.getByRole('list', { name: 'Previous keys in their grace period' })).toContainText(
    `${first.slice(0, 8)}…`,
  );
  expect(await page.content()).not.toContain(second);
});

test('a source is deleted only after typing its exact name; disabling is a switch', async ({ ownWorkspace }) => {
  const { page, id } = await ownWorkspace();
  const sources = new SourcesPage(page);
  await sources.goto(id);
  await sources.create('Marketing Site', 'Website');
  await sources.closeKeyDialog();
  await sources.table.getByRole('link', { name: 'Marketing Site' }).click();
  await page.getByRole('navigation', { name: 'Source' }).getByRole('link', { name: 'Settings' }).click();

  const enable = page.getByRole('switch', { name: 'Enable source' });
  await expect(enable).toHaveAttribute('aria-checked', 'true');
  await enable.click();
  await expect(enable).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('switch', { name: 'Block Red fields at source' })).toBeEnabled();

  await page.getByRole('button', { name: 'Delete source' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete Marketing Site?' });
  const confirm = dialog.getByRole('button', { name: 'Delete' });
  await dialog.getByLabel(/Type .* to confirm/).fill('marketing site');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill('Marketing Site');
  await confirm.click();
  await expect(page).toHaveURL(new RegExp(`/w/${id}/sources$`));
  await expect(sources.table.getByRole('link', { name: 'Marketing Site' })).toHaveCount(0);
});
