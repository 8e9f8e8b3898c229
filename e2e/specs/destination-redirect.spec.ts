// Issue 14 #4 in the browser: in a HIPAA-eligible workspace, changing a webhook's
// URL asks "Confirm it's you" before it saves; replaying what failed before the
// change opens a dialog that names the old and the new endpoint, and only after
// the owner confirms does the event reach the new endpoint.
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from '../fixtures';
import { DestinationsPage } from '../pages/destinations-page';
import { Toasts } from '../pages/feedback';
import { DeliveryPage } from '../pages/pipeline-page';
import { startSink, type Sink } from '../support/sink';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
// Refused by the SSRF guard: the delivery fails at once, so there is something to replay.
const OLD_URL = 'http://169.254.169.254/latest/hook';

let sink: Sink;
test.beforeAll(async () => {
  sink = await startSink();
});
test.afterAll(async () => {
  await sink.close();
});

async function webhookWithFailedDelivery(api: APIRequestContext, ws: string) {
  const s = await api.post(`/api/workspaces/${ws}/sources`, { data: { name: 'Lab Portal API', type: 'http_api' } });
  expect(s.status(), await s.text()).toBe(201);
  const { source, writeKey } = (await s.json()) as { source: { id: string }; writeKey: string };
  const d = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId: source.id,
      name: 'Lab results hook',
      enabled: true,
      settings: { url: OLD_URL, sharedSecret: 'e2e-shared-secret-0123456789' },
    },
  });
  expect(d.status(), await d.text()).toBe(201);
  const t = await api.post('/v1/track', {
    headers: { authorization: basic(writeKey) },
    data: { userId: 'patient-9', event: 'Lab Result Ready', messageId: 'redirect-e2e-1' },
  });
  expect(t.status()).toBe(200);
  return ((await d.json()) as { id: string }).id;
}

test('HIPAA-eligible workspace: a new webhook URL asks "Confirm it’s you"; Replay names both endpoints before sending', async ({
  signedIn,
  hipaaAccount,
}) => {
  test.skip(!hipaaAccount, 'needs DATABASE_URL to record a BAA for a throwaway workspace');
  const { page, context } = await signedIn(hipaaAccount!);
  const ws = hipaaAccount!.workspaceId;
  const destinationId = await webhookWithFailedDelivery(context.request, ws);
  const delivery = new DeliveryPage(page);
  await delivery.goto(ws, destinationId);
  await expect(delivery.count('Failed')).toHaveText('1', { timeout: 20_000 });

  // Settings: the URL change is sensitive, so the save asks for the password first.
  const newUrl = `${sink.url}/lab-hook`;
  const d = new DestinationsPage(page);
  await page.goto(`/w/${ws}/destinations/${destinationId}/settings`);
  await d.setting('Webhook URL').fill(newUrl);
  await d.save.click();
  await expect(d.reauth).toBeVisible();
  await d.reauth.getByLabel('Password or authenticator code').fill(hipaaAccount!.password);
  await d.reauth.getByRole('button', { name: 'Confirm' }).click();
  await expect(d.reauth).toHaveCount(0);
  await expect(new Toasts(page).message('Settings saved')).toBeVisible();
  const saved = await context.request.get(`/api/workspaces/${ws}/destinations/${destinationId}`);
  expect(((await saved.json()) as { settings: { url: string } }).settings.url).toBe(newUrl);

  // Replay: the server refuses to send the old delivery to the new URL until the owner confirms.
  await delivery.goto(ws, destinationId);
  await delivery.replay.click();
  await delivery.replayConfirm.getByRole('button', { name: 'Replay' }).click();
  await expect(delivery.endpointChange).toBeVisible();
  await expect(delivery.endpointChange).toContainText(`${OLD_URL} → ${newUrl}`);
  await expect(delivery.endpointChange.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Escape closes it, nothing is sent, and focus goes back to the Replay button.
  await page.keyboard.press('Escape');
  await expect(delivery.endpointChange).toHaveCount(0);
  await expect(delivery.replay).toBeFocused();
  expect(sink.requests).toHaveLength(0);
  await expect(delivery.count('Failed')).toHaveText('1');

  // Again, confirmed from the keyboard.
  await delivery.replay.click();
  await delivery.replayConfirm.getByRole('button', { name: 'Replay' }).click();
  await expect(delivery.endpointChange).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(delivery.endpointChange.getByRole('button', { name: 'Send to the new endpoint' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(delivery.endpointChange).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'queued again' })).toHaveText('1 delivery queued again.');
  await expect.poll(() => sink.requests.filter((r) => r.path === '/lab-hook').length, { timeout: 20_000 }).toBe(1);
  expect((sink.requests[0]!.body as { messageId: string }).messageId).toBe('redirect-e2e-1');

  const audit = await context.request.get(
    `/api/workspaces/${ws}/audit?eventType=destination.delivery_replayed&limit=5`,
  );
  const items = ((await audit.json()) as { items: { targetId: string | null; changes: unknown }[] }).items;
  expect(items[0]).toMatchObject({
    targetId: destinationId,
    changes: { endpointChangeConfirmed: true, endpointChanged: { from: OLD_URL, to: newUrl } },
  });
});
