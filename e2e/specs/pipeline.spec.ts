// Event pipeline in the browser: events sent to the tracking API appear in the
// Source Debugger (live polling that is not user activity), masked for a member
// without PII access, with an audited Raw view; a destination's Event Delivery
// tab shows the outcome, the attempt, an audited payload view and Replay.
import { test, expect } from '../support/own-workspace';
import { test as demo } from '../fixtures';
import { DebuggerPage, DeliveryPage } from '../pages/pipeline-page';
import { SEED_WRITE_KEY } from '../support/env';
import type { APIRequestContext } from '@playwright/test';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function track(api: APIRequestContext, writeKey: string, body: Record<string, unknown>): Promise<void> {
  const res = await api.post('/v1/track', { headers: { authorization: basic(writeKey) }, data: body });
  expect(res.status(), await res.text()).toBe(200);
}

async function auditRows(api: APIRequestContext, workspaceId: string, eventType: string) {
  const res = await api.get(`/api/workspaces/${workspaceId}/audit?eventType=${eventType}&limit=20`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: { endUserId: string | null; targetId: string | null; eventName: string }[] })
    .items;
}

test('the debugger shows new events live, Pretty and Raw, and the Raw view is audited', async ({ ownWorkspace }) => {
  const { page, id, api } = await ownWorkspace();
  const created = await api.post(`/api/workspaces/${id}/sources`, { data: { name: 'Clinic API', type: 'http_api' } });
  expect(created.status()).toBe(201);
  const { source, writeKey } = (await created.json()) as { source: { id: string }; writeKey: string };
  const dbg = new DebuggerPage(page);
  await dbg.goto(id, source.id);
  await expect(dbg.events).toContainText('No events yet');

  // Polling is a background GET: it must not move the session's idle clock.
  const before = (await (await api.get('/api/session/status')).json()).lastActivityAt;
  await track(api, writeKey, {
    userId: 'patient-42',
    event: 'Appointment Booked',
    properties: { email: 'pat@example.com', visit: 'follow-up' },
  });
  await expect(dbg.events.getByRole('button', { name: 'Appointment Booked' })).toBeVisible();
  await page.waitForResponse(
    (r) => r.url().endsWith(`/sources/${source.id}/debugger`) && r.request().method() === 'GET',
  );
  expect((await (await api.get('/api/session/status')).json()).lastActivityAt).toBe(before);

  await dbg.open('Appointment Booked');
  await expect(dbg.panel).toContainText('analytics.track("Appointment Booked")');
  await expect(dbg.panel).toContainText('"pat@example.com"');
  await dbg.rawTab.click();
  await expect(dbg.rawJson).toContainText('"userId": "patient-42"');
  const rows = await auditRows(api, id, 'source_debugger.raw_viewed');
  expect(rows[0]).toMatchObject({ eventName: 'Source Debugger Raw Viewed', endUserId: 'patient-42' });

  await dbg.liveToggle.click();
  await expect(dbg.liveToggle).toHaveText('Paused');
  await dbg.search.fill('nothing like this');
  await expect(dbg.events).toContainText('No event matches the search.');
});

demo('a member without PII access sees Red and Yellow values masked', async ({ signedIn, workspaceIds }) => {
  const { page, context } = await signedIn('member');
  await track(context.request, SEED_WRITE_KEY, {
    userId: 'masked-user@example.com',
    event: 'Lab Result Viewed',
    properties: { email: 'lab.patient@example.com', panel: 'lipids' },
  });
  const sources = (await (await context.request.get(`/api/workspaces/${workspaceIds.sunshine}/sources`)).json()) as {
    sources: { id: string; name: string }[];
  };
  const dbg = new DebuggerPage(page);
  await dbg.goto(workspaceIds.sunshine, sources.sources[0]!.id);
  await expect(page.getByText('Red and Yellow values and end-user identifiers are masked.')).toBeVisible();
  await dbg.open('Lab Result Viewed');
  await expect(dbg.panel).toContainText('"lipids"');
  await expect(dbg.panel).not.toContainText('lab.patient@example.com');
  await expect(dbg.panel).not.toContainText('masked-user@example.com');
  await expect(dbg.panel).toContainText('chars)');
});

test('Event Delivery shows a refused (SSRF) delivery, its audited details, and Replay', async ({ ownWorkspace }) => {
  const { page, id, api } = await ownWorkspace();
  const created = await api.post(`/api/workspaces/${id}/sources`, { data: { name: 'Hooks Source', type: 'http_api' } });
  const { source, writeKey } = (await created.json()) as { source: { id: string }; writeKey: string };
  const dest = await api.post(`/api/workspaces/${id}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId: source.id,
      name: 'Internal Hook',
      enabled: true,
      settings: { url: 'http://169.254.169.254/latest', sharedSecret: 'e2e-shared-secret' },
    },
  });
  expect(dest.status(), await dest.text()).toBe(201);
  const destinationId = ((await dest.json()) as { id: string }).id;
  await track(api, writeKey, { userId: 'u-ssrf', event: 'Webhook Probe' });

  const delivery = new DeliveryPage(page);
  await delivery.goto(id, destinationId);
  await expect(delivery.count('Failed')).toHaveText('1', { timeout: 20_000 });
  const row = delivery.attempts.getByRole('row', { name: /Webhook Probe/ });
  await expect(row).toContainText('private or reserved address');
  await row.getByRole('button', { name: /Details/ }).click();
  await expect(delivery.details).toContainText('Webhook Probe');
  await expect(delivery.details.getByLabel('Delivery payload')).toContainText('"event": "Webhook Probe"');
  const viewed = await auditRows(api, id, 'destination.delivery_viewed');
  expect(viewed[0]).toMatchObject({ eventName: 'Event Delivery Details Viewed', endUserId: 'u-ssrf' });
  await delivery.details.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: /Replay 1 failed and dead-lettered/ }).click();
  await page
    .getByRole('alertdialog', { name: 'Replay failed and dead-lettered events?' })
    .getByRole('button', { name: 'Replay' })
    .click();
  await expect(page.getByRole('status')).toContainText('1 delivery queued again.');
  expect((await auditRows(api, id, 'destination.delivery_replayed'))[0]).toMatchObject({
    eventName: 'Event Delivery Replayed',
  });
});
