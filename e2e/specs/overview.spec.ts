// Issue 15 #1: the Overview under-reported clear PHI. The reported scenario, built
// through the tracking API and the console: fields left unclassified (the Inbox
// suggests email and diagnosis as Yellow, ssn and credit_card as Red), a webhook set
// to "No BAA covers this destination" and enabled, and a disabled one beside it. The
// Overview's figure, its blast-radius row and the Preview tab must agree.
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from '../support/own-workspace';
import { waitForInbox } from '../support/privacy';
import { OverviewPage } from '../pages/console-page';
import { DestinationsPage } from '../pages/destinations-page';
import { PreviewPage } from '../pages/encryption-page';
import { PrivacyPage } from '../pages/privacy-page';

const SUGGESTED = {
  'properties.email': 'yellow',
  'properties.diagnosis': 'yellow',
  'properties.ssn': 'red',
  'properties.credit_card': 'red',
} as const;
const FIGURE = 'Destinations receiving PHI in clear without a BAA';
const basic = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

async function webhook(api: APIRequestContext, ws: string, sourceId: string, name: string, enabled: boolean) {
  const r = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId,
      name,
      enabled,
      settings: { url: 'https://example.com/claims', sharedSecret: 'claims-shared-secret-0123' },
    },
  });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

test('the Overview counts unclassified suggested PHI to an enabled webhook without a BAA, as its Preview does', async ({
  ownWorkspace,
}) => {
  const { page, id: ws, api } = await ownWorkspace();
  const created = await api.post(`/api/workspaces/${ws}/sources`, { data: { name: 'Claims API', type: 'http_api' } });
  expect(created.status(), await created.text()).toBe(201);
  const { source, writeKey } = (await created.json()) as { source: { id: string }; writeKey: string };
  const track = await api.post('/v1/track', {
    headers: { authorization: basic(writeKey) },
    data: {
      event: 'Claim Submitted',
      userId: 'patient-15',
      properties: {
        email: 'ada@example.com',
        diagnosis: 'J45.909',
        ssn: '123-45-6789',
        credit_card: '4111111111111111',
      },
    },
  });
  expect(track.status(), await track.text()).toBe(200);
  await waitForInbox(api, ws, Object.keys(SUGGESTED));

  // 1. Left unclassified: the Inbox only suggests their colours.
  const privacy = new PrivacyPage(page);
  await privacy.goto(ws);
  for (const [keyPath, color] of Object.entries(SUGGESTED))
    await expect(privacy.classification(keyPath)).toHaveValue(color);

  // 2. A webhook set to "No BAA covers this destination" and enabled; a disabled one beside it.
  const open = await webhook(api, ws, source.id, 'Claims webhook', true);
  const paused = await webhook(api, ws, source.id, 'Paused webhook', false);
  const destinations = new DestinationsPage(page);
  await page.goto(`/w/${ws}/destinations/${open}/settings`);
  await destinations.baaStatus().selectOption({ label: 'No BAA covers this destination' });
  await expect(destinations.warning('Claims webhook')).toContainText('it does not sign a BAA');
  const baa = await api.put(`/api/workspaces/${ws}/destinations/${paused}/baa-override`, { data: { override: false } });
  expect(baa.status(), await baa.text()).toBe(200);

  // The Overview: one destination counted, the disabled one shown apart.
  const overview = new OverviewPage(page);
  await overview.goto(ws);
  await expect(overview.figure(FIGURE)).toHaveText('1');
  await expect(overview.figureNote(FIGURE)).toHaveText('Not counted: 1 disabled destination would, once enabled.');
  await expect(overview.inClear('Claims webhook')).toHaveText('4');
  await expect(overview.row('Claims webhook')).toContainText('Clear · no BAA');
  await expect(overview.row('Paused webhook')).toContainText('Disabled · not counted');
  for (const keyPath of Object.keys(SUGGESTED))
    await expect(overview.blastRadius.getByRole('columnheader', { name: new RegExp(`^${keyPath}`) })).toContainText(
      'suggested',
    );
  const inClearOnOverview = Number(await overview.inClear('Claims webhook').textContent());
  const pausedOnOverview = Number(await overview.inClear('Paused webhook').textContent());

  // The same destination's Preview (latest Source Debugger event) says the same.
  const preview = new PreviewPage(page);
  await preview.goto(ws, open);
  await preview.run.click();
  await expect(preview.fields).toBeVisible();
  await expect(preview.inClearWarning()).toBeVisible();
  expect(await preview.inClearCount()).toBe(inClearOnOverview);
  for (const keyPath of Object.keys(SUGGESTED)) await expect(preview.treatment(keyPath)).toHaveText('clear');

  // The disabled webhook's Preview names the same fields, and the Overview still does not count it.
  await preview.goto(ws, paused);
  await preview.run.click();
  await expect(preview.warnings).toContainText('This destination is disabled');
  await expect(preview.inClearWarning()).toBeVisible();
  expect(await preview.inClearCount()).toBe(pausedOnOverview);
  await overview.goto(ws);
  await expect(overview.figure(FIGURE)).toHaveText('1');
});
