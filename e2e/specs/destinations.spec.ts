// Destinations: the add flow as Segment users know it (Catalog → pick →
// Select data source → Next → Setup → Create destination), secrets that never
// come back, the tabs, consent, and the PHI blast-radius warning.
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from '../support/own-workspace';
import { NO_DB_REASON } from '../fixtures';
import { DestinationsPage } from '../pages/destinations-page';

async function createSource(api: APIRequestContext, ws: string, name: string): Promise<string> {
  const r = await api.post(`/api/workspaces/${ws}/sources`, { data: { name, type: 'http_api' } });
  expect(r.status()).toBe(201);
  return (await r.json()).source.id;
}

test('adds a destination: catalog → select data source → setup → create', async ({ ownWorkspace }) => {
  const { page, id, api } = await ownWorkspace();
  await createSource(api, id, 'Patient Portal API');
  await createSource(api, id, 'Marketing Site');
  const d = new DestinationsPage(page);
  await d.goto(id);
  await expect(d.table.getByText('No destinations yet.')).toBeVisible();

  await d.addButton.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Destination catalog' })).toBeVisible();
  expect(await d.catalog.getByRole('listitem').count()).toBeGreaterThanOrEqual(10);
  await d.category.selectOption('Warehouse');
  await expect(d.catalog.getByRole('listitem')).toHaveCount(2);
  await expect(d.catalog.getByRole('link', { name: 'Snowflake' })).toContainText('BAA: Signs a BAA');
  await d.category.selectOption('');
  await d.search.fill('mixp');
  await expect(d.catalog.getByRole('listitem')).toHaveCount(1);
  await expect(d.catalog.getByRole('link', { name: 'Mixpanel' })).toContainText('BAA: No BAA');
  await d.catalog.getByRole('link', { name: 'Mixpanel' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Add Mixpanel' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Select data source' })).toBeVisible();
  await d.next.click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Select a data source.');
  await page.getByRole('radio', { name: /Patient Portal API/ }).check();
  await d.next.click();

  await expect(page.getByRole('list', { name: 'Steps' }).getByText('2. Setup')).toHaveAttribute('aria-current', 'step');
  await expect(d.name).toHaveValue('Mixpanel');
  await d.name.fill('Mixpanel (prod)');
  await d.setting('Project token').fill('short');
  await d.create.click();
  await expect(page.getByText('Project token must be 16–64 letters and digits.')).toBeVisible();
  await expect(page.getByText('API secret is required.')).toBeVisible();

  const secret = `mp-secret-${randomUUID()}`;
  await d.setting('Project token').fill('abcdef0123456789abcd');
  await d.setting('API secret').fill(secret);
  await d.setting('Data residency').selectOption('EU');
  await d.create.click();

  await expect(page).toHaveURL(/\/destinations\/[0-9a-f-]{36}\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mixpanel (prod)' })).toBeVisible();
  await expect(d.tabs.getByRole('link')).toHaveText([
    'Settings',
    'Data Encryption',
    'Preview',
    'Event Delivery',
    'Consent',
  ]);
  await expect(d.setting('Project token')).toHaveValue('abcdef0123456789abcd');
  await expect(d.setting('Data residency')).toHaveValue('EU');
  await expect(d.setting('API secret')).toHaveValue('');
  await expect(page.getByText(`Stored encrypted (ends in ${secret.slice(-4)})`)).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  const destinationId = new URL(page.url()).pathname.split('/').at(-2)!;
  expect(await (await api.get(`/api/workspaces/${id}/destinations/${destinationId}`)).text()).not.toContain(secret);

  // The other tabs render their read-only summaries.
  await d.tabs.getByRole('link', { name: 'Data Encryption' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Data Encryption' })).toBeVisible();
  await d.tabs.getByRole('link', { name: 'Event Delivery' }).click();
  await expect(page.getByText('No delivery attempts yet.')).toBeVisible();

  // Consent: categories by id with a name; all of them must be true.
  await d.tabs.getByRole('link', { name: 'Consent' }).click();
  await page.getByRole('button', { name: 'Add category' }).click();
  await page.getByLabel('Category id 1').fill('C0002');
  await page.getByLabel('Category name 1').fill('Performance');
  await page.getByRole('button', { name: 'Save consent' }).click();
  await expect(page.getByText('Consent categories saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Category id 1')).toHaveValue('C0002');

  // My destinations: type, source, enabled toggle, BAA status, protection.
  await d.goto(id);
  const row = d.row('Mixpanel (prod)');
  await expect(row).toContainText('Patient Portal API');
  await expect(row).toContainText('BAA: No BAA');
  await expect(row).toContainText('None');
  const toggle = row.getByRole('switch', { name: 'Enable Mixpanel (prod)' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
});

test('a duplicate name is refused on Setup and nothing is created', async ({ ownWorkspace }) => {
  const { page, id, api } = await ownWorkspace();
  const sourceId = await createSource(api, id, 'Server');
  const make = await api.post(`/api/workspaces/${id}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId,
      name: 'Hook',
      settings: { url: 'https://example.com/h', sharedSecret: 'x'.repeat(20) },
    },
  });
  expect(make.status()).toBe(201);
  await page.goto(`/w/${id}/destinations/catalog/webhook/setup?sourceId=${sourceId}`);
  const d = new DestinationsPage(page);
  await d.name.fill('hook');
  await d.setting('Webhook URL').fill('https://example.com/other');
  await d.setting('Shared secret').fill('another-shared-secret');
  await d.create.click();
  await expect(page.getByText('This name is already taken.')).toBeVisible();
  const list = await (await api.get(`/api/workspaces/${id}/destinations`)).json();
  expect(list.destinations).toHaveLength(1);
});

test('warns, naming the fields, when a destination without a BAA would receive Yellow fields in clear', async ({
  ownWorkspace,
  db,
}) => {
  test.skip(!db, NO_DB_REASON);
  const { page, id, api } = await ownWorkspace();
  const sourceId = await createSource(api, id, 'Patient App');
  const amp = await api.post(`/api/workspaces/${id}/destinations`, {
    data: { catalogId: 'amplitude', sourceId, name: 'Amplitude', settings: { apiKey: 'amp-key-0123456789' } },
  });
  const s3 = await api.post(`/api/workspaces/${id}/destinations`, {
    data: {
      catalogId: 'amazon-s3',
      sourceId,
      name: 'Data lake',
      settings: { bucket: 'phi-lake', accessKeyId: 'AKIA0', secretAccessKey: 'aws' },
    },
  });
  expect([amp.status(), s3.status()]).toEqual([201, 201]);
  // An observed field classified Yellow, seen from this source (what the pipeline and Privacy Portal record).
  const [field] = await db!.query<{ id: string }>(
    `INSERT INTO "ObservedField" (id, "workspaceId", "keyPath", "normalizedKey", classification, "classifiedAt") VALUES ($1, $2, 'properties.patient_email', 'patient email', 'yellow', now()) RETURNING id`,
    [randomUUID(), id],
  );
  await db!.query(
    `INSERT INTO "ObservedFieldOccurrence" (id, "workspaceId", "fieldId", "sourceId", "eventName", count) VALUES ($1, $2, $3, $4, 'Appointment Booked', 3)`,
    [randomUUID(), id, field.id, sourceId],
  );

  const d = new DestinationsPage(page);
  await d.goto(id);
  await expect(d.warning('Amplitude')).toContainText('properties.patient_email');
  await expect(d.warning('Data lake')).toHaveCount(0);
  await expect(
    page.getByText('1 destination would receive PHI in clear without a BAA.', { exact: false }),
  ).toBeVisible();

  await d.row('Amplitude').getByRole('link', { name: 'Amplitude' }).click();
  await expect(d.warning('Amplitude')).toContainText('Amplitude would receive 1 Red/Yellow field in clear');
  await expect(d.warning('Amplitude')).toContainText('properties.patient_email');

  // The overview summarises every destination × classified field.
  await page.goto(`/w/${id}/overview`);
  const matrix = page.getByRole('table', { name: /PHI blast radius/ });
  await expect(matrix.getByRole('row', { name: /Amplitude/ })).toContainText('Clear · no BAA');
  await expect(matrix.getByRole('row', { name: /Data lake/ })).toContainText('Clear');

  // An owner who has a BAA with the vendor records it, and the warning goes away.
  await d.goto(id);
  await d.row('Amplitude').getByRole('link', { name: 'Amplitude' }).click();
  await page
    .getByLabel('BAA status for this destination')
    .selectOption({ label: 'A signed BAA covers this destination' });
  await expect(d.warning('Amplitude')).toHaveCount(0);
});
