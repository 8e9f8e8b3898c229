// Destination Functions as Segment's recipe "Sending data to a non-HIPAA compliant or
// non-BAA destination" walks them: Catalog → Functions → New Function → Destination →
// the "Remove PHI" template → edit → Test → Configure → Create → Deploy; then the
// source's Add destination → Functions → connect with settings and a secret → enable;
// an event sent with @segment/analytics-node reaches a local sink without names and
// with the email keyed by HMAC. Also: versions, diff, an undeployable version, the
// keyboard path through the editor, and what Compliance and members see.
import { createHmac, randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { Analytics } from '@segment/analytics-node';
import { test, expect } from '../support/own-workspace';
import { NO_DB_REASON } from '../fixtures';
import { FunctionsPage, ConnectFunctionPage } from '../pages/functions-page';
import { DestinationsPage } from '../pages/destinations-page';
import { AuditPage } from '../pages/audit-page';
import { startSink, type Sink } from '../support/sink';
import { BASE_URL } from '../support/env';
import { findFunctionTemplate } from '../../lib/functions/templates';

const TEMPLATE = 'Remove PHI before a non-BAA destination';
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** What the recipe's code does with the email: HMAC-SHA256 (hex) of the trimmed, lower-cased address. */
const hmacOf = (email: string, secret: string) =>
  createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex');

async function createSource(api: APIRequestContext, ws: string, name: string) {
  const r = await api.post(`/api/workspaces/${ws}/sources`, { data: { name, type: 'http_api' } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()) as { source: { id: string }; writeKey: string };
}

let sink: Sink;
test.beforeEach(async () => {
  sink = await startSink();
});
test.afterEach(async () => {
  await sink.close();
});

test('the recipe: build, test, create and deploy a Destination Function, connect it, and events arrive without PHI', async ({
  ownWorkspace,
}) => {
  // A build of the editor, real test runs, a delivery through the queue and the SDK's flush.
  test.setTimeout(240_000);
  const { page, id: ws, api } = await ownWorkspace();
  const { source, writeKey } = await createSource(api, ws, 'Sunshine Patient Portal');
  const fn = new FunctionsPage(page);
  const fnName = `Mixpanel PHI scrubber ${randomBytes(2).toString('hex')}`;
  const testSecret = `test-${randomBytes(8).toString('hex')}`;

  // Step 2.1: Catalog → Functions → New Function.
  await fn.gotoCatalog(ws);
  await expect(fn.catalogTabs.getByRole('link', { name: 'Destinations' })).toHaveAttribute('aria-current', 'page');
  await fn.catalogTabs.getByRole('link', { name: 'Functions' }).click();
  await expect(fn.catalogTabs.getByRole('link', { name: 'Functions' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No functions yet.')).toBeVisible();
  await fn.newFunction.click();

  // Step 2.2: Destination → the recipe's template → Build.
  await fn.build.click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Choose Destination or Insert.');
  await page.getByRole('radio', { name: /^Destination/ }).check();
  await page.getByRole('radio', { name: new RegExp(`^${TEMPLATE}`) }).check();
  await fn.build.click();
  await expect(page.getByRole('heading', { level: 1, name: 'New Destination Function' })).toBeVisible();
  await expect(fn.code).toContainText('function pseudonymise(email, settings)');
  // The server compiles the code for the inline lint.
  await expect(fn.problems).toContainText('No problems. Handlers found: onTrack');
  await expect(fn.settingsPanel.getByRole('group', { name: 'Setting 2: secret' }).getByLabel('Type')).toHaveValue(
    'secret',
  );

  // Step 2.3: edit a line of onTrack's path.
  await fn.addLineAfter('async function send(event, settings) {', "console.log('Recipe test:', event.event);");
  await expect(fn.code).toContainText("console.log('Recipe test:', event.event);");

  // Test on a pasted event: the run really sends, to the local sink.
  await expect(fn.testPanel.getByRole('note')).toHaveText(
    'Test runs really send: fetch calls go out through the SSRF guard.',
  );
  await fn.testEvent.fill(
    JSON.stringify({
      type: 'track',
      event: 'Provider Search',
      userId: 'patient-42',
      properties: { specialty: 'Cardiology', firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Example.com ' },
    }),
  );
  await fn.testValue('Endpoint').fill(`${sink.url}/test-run`);
  await expect(fn.testValue('HMAC secret')).toHaveAttribute('type', 'password');
  await fn.testValue('HMAC secret').fill(testSecret);
  await fn.runTest.click();
  await expect(fn.result.getByRole('status')).toContainText('Succeeded');
  await expect(fn.result.getByRole('status')).toContainText('Delivered');
  const returned = JSON.parse((await fn.returned.textContent())!) as { properties: Record<string, unknown> };
  expect(returned.properties).toEqual({ specialty: 'Cardiology', email: hmacOf('Ada@Example.com ', testSecret) });
  await expect(fn.fetches.getByRole('row').nth(1)).toContainText('POST');
  await expect(fn.fetches.getByRole('row').nth(1)).toContainText(`${sink.url}/test-run`);
  await expect(fn.fetches.getByRole('row').nth(1)).toContainText('200');
  await expect(fn.consoleOutput).toContainText('Recipe test: Provider Search');
  const testRun = sink.requests.filter((r) => r.path === '/test-run');
  expect(testRun).toHaveLength(1);
  expect(JSON.stringify(testRun[0]!.body)).not.toMatch(/Ada|Lovelace/);

  // Steps 2.5–2.6: Configure → name, description, logo → Create Function.
  await fn.configure.click();
  const dialog = fn.configureDialog;
  await expect(dialog.getByLabel('Function name')).toBeFocused();
  await dialog.getByLabel('Function name').fill(fnName);
  await dialog.getByLabel(/^Description/).fill('Removes names and keys the email before Mixpanel.');
  await dialog.getByLabel(/^Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expect(dialog.getByRole('img', { name: 'Logo preview' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Create Function' }).click();
  await expect(page).toHaveURL(/\/destinations\/catalog\/functions\/[0-9a-f-]{36}$/);
  const functionId = new URL(page.url()).pathname.split('/').at(-1)!;
  await expect(page.getByRole('heading', { level: 1, name: fnName })).toBeVisible();
  await expect(fn.toolbar).toContainText('All changes saved (version 1)');
  // Version 1 holds the edited code (CodeMirror renders only the lines in view, so ask the API).
  const v1 = (await (await api.get(`/api/workspaces/${ws}/functions/${functionId}`)).json()) as {
    latest: { number: number; code: string };
  };
  expect(v1.latest.number).toBe(1);
  expect(v1.latest.code).toContain(
    "async function send(event, settings) {\n  console.log('Recipe test:', event.event);",
  );

  // Keyboard: the tab order reaches Save and Deploy, and leaves the editor (Esc, Tab) for Run test.
  await fn.addLineAfter('function isNameField(key) {', '// Any spelling: firstName, first_name, First Name.');
  await expect(fn.toolbar).toContainText('Unsaved changes');
  await page.getByRole('link', { name: 'Functions', exact: true }).focus();
  await fn.tabTo(fn.save, 5);
  await page.keyboard.press('Tab');
  await expect(fn.deploy).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(fn.code).toBeFocused();
  await page.keyboard.press('Escape');
  await fn.tabTo(fn.runTest);

  // Save → version 2, and the diff between versions 1 and 2 shows the added line with a marker.
  await fn.save.focus();
  await page.keyboard.press('Enter');
  await expect(fn.toolbar).toContainText('Saved as version 2.');
  await expect(fn.versions.getByRole('row')).toHaveCount(3);
  const diff = page.getByRole('table', { name: /Changes from version 1 to version 2/ });
  await expect(diff).toContainText('1 line changed');
  const added = diff.getByRole('row', { name: /Added/ });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('+');
  await expect(added).toContainText('// Any spelling: firstName, first_name, First Name.');

  // A version with a syntax error is saved, but cannot be deployed; the dialog says why.
  await fn.code.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nfunction broken(');
  await expect(fn.problems).toContainText(/Line \d+, column \d+/);
  await fn.save.click();
  await expect(fn.toolbar).toContainText('Saved as version 3. It has errors and cannot be deployed');
  await expect(fn.versions.getByRole('row', { name: /Version 3/ })).toContainText('Has errors: cannot be deployed');

  // Deploy is explicit: version 3 is disabled with its reason, version 2 is offered.
  await fn.deploy.click();
  const deploy = fn.deployDialog;
  await expect(deploy.getByRole('radio', { name: /Version 3/ })).toBeDisabled();
  await expect(deploy).toContainText('Cannot deploy: this version has code errors.');
  await expect(deploy.getByRole('radio', { name: /Version 2/ })).toBeChecked();
  await deploy.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(deploy).toHaveCount(0);
  await expect(fn.toolbar).toContainText('Version 2 deployed.');
  await expect(page.getByText('Deployed: version 2')).toBeVisible();
  await expect(fn.versions.getByRole('row', { name: /Version 2/ })).toContainText('Deployed');

  // Step 3: the source → Add destination → Functions → the function → Connect destination.
  await page.goto(`/w/${ws}/sources/${source.id}`);
  await page.getByRole('link', { name: 'Add destination' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Destination catalog' })).toBeVisible();
  await fn.catalogTabs.getByRole('link', { name: 'Functions' }).click();
  const row = fn.table.getByRole('row', { name: new RegExp(fnName) });
  await expect(row).toContainText('Version 2');
  await row.getByRole('link', { name: `Connect ${fnName}` }).click();

  const connect = new ConnectFunctionPage(page, fnName);
  await expect(page.getByRole('heading', { level: 1, name: `Connect ${fnName}` })).toBeVisible();
  await expect(connect.source).toHaveValue(source.id);
  await connect.name.fill('Mixpanel (via function)');
  const secret = `hmac-${randomBytes(12).toString('hex')}`;
  await connect.setting('Endpoint').fill(`${sink.url}/events`);
  await expect(connect.setting('HMAC secret')).toHaveAttribute('type', 'password');
  await connect.setting('HMAC secret').fill(secret);
  await expect(connect.enable).toHaveAttribute('aria-checked', 'false');
  await connect.enable.click();
  await expect(connect.enable).toHaveAttribute('aria-checked', 'true');
  await connect.connect.click();

  // A connected function is a destination like any other.
  await expect(page).toHaveURL(/\/destinations\/[0-9a-f-]{36}\/settings$/);
  const destinationId = new URL(page.url()).pathname.split('/').at(-2)!;
  await expect(page.getByRole('heading', { level: 1, name: 'Mixpanel (via function)' })).toBeVisible();
  await expect(page.getByText(`Destination Function: ${fnName}`)).toBeVisible();
  const d = new DestinationsPage(page);
  await expect(d.setting('Endpoint')).toHaveValue(`${sink.url}/events`);
  await expect(d.setting('HMAC secret')).toHaveValue('');
  await expect(page.getByText(`Stored encrypted (ends in ${secret.slice(-4)})`)).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Enable destination' })).toHaveAttribute('aria-checked', 'true');
  expect(await page.content()).not.toContain(secret);
  await d.tabs.getByRole('link', { name: 'Data Encryption' }).click();
  await expect(page.getByRole('region', { name: 'Data Encryption' }).getByRole('note')).toHaveText(
    "A Destination Function has no built-in encryption: the function's code decides what leaves. Remove, hash or encrypt fields in the code, and check its output on the Preview tab.",
  );

  // The website sends an event with patient demographics through the official Node SDK.
  const analytics = new Analytics({ writeKey, host: BASE_URL, flushAt: 1, flushInterval: 50, maxRetries: 1 });
  const failures: unknown[] = [];
  analytics.on('error', (e) => failures.push(e));
  analytics.track({
    userId: 'patient-42',
    event: 'Provider Search',
    properties: { specialty: 'Cardiology', firstName: 'Ada', lastName: 'Lovelace', email: ' Ada.Lovelace@Example.com' },
  });
  await analytics.closeAndFlush({ timeout: 10_000 });
  expect(failures).toEqual([]);

  // Delivery runs the deployed version: names gone, the email keyed with the instance's secret.
  await expect
    .poll(() => sink.requests.filter((r) => r.path === '/events').length, {
      message: `the sink received the event (destination ${destinationId})`,
      timeout: 45_000,
    })
    .toBe(1);
  const [delivered] = sink.requests.filter((r) => r.path === '/events');
  const events = delivered!.body as { event: string; properties: Record<string, unknown> }[];
  expect(events).toHaveLength(1);
  expect(events[0]!.event).toBe('Provider Search');
  expect(events[0]!.properties).toEqual({
    specialty: 'Cardiology',
    email: hmacOf(' Ada.Lovelace@Example.com', secret),
  });
  expect(JSON.stringify(delivered!.body)).not.toMatch(/Ada|Lovelace/);

  // The audit log shows the create, the deploy and the connect.
  const audit = new AuditPage(page);
  await audit.goto(ws);
  await expect(audit.table).toContainText('Function Created');
  await expect(audit.table).toContainText('Function Deployed');
  await expect(audit.table).toContainText('Function Connected');
  const rows = await (await api.get(`/api/workspaces/${ws}/audit?eventType=function.connected&limit=5`)).json();
  expect((rows as { items: { targetId: string | null }[] }).items[0]?.targetId).toBe(functionId);
});

test('Compliance reads code and versions read-only; a member sees deployed functions to connect, not code', async ({
  ownWorkspace,
  db,
  signedIn,
}) => {
  test.skip(!db, NO_DB_REASON);
  const { id: ws, api } = await ownWorkspace();
  const template = findFunctionTemplate('remove-phi-non-baa')!;
  const created = await api.post(`/api/workspaces/${ws}/functions`, {
    data: { kind: 'destination', name: 'Scrubber', code: template.code, settings: template.settings },
  });
  expect(created.status(), await created.text()).toBe(201);
  const f = (await created.json()) as { id: string; latest: { id: string } };
  const draft = await api.post(`/api/workspaces/${ws}/functions`, {
    data: { kind: 'destination', name: 'Draft only', code: template.code, settings: template.settings },
  });
  expect(draft.status()).toBe(201);
  expect(
    (await api.post(`/api/workspaces/${ws}/functions/${f.id}/deploy`, { data: { versionId: f.latest.id } })).status(),
  ).toBe(200);

  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const complianceEmail = `fn-compliance-${randomBytes(4).toString('hex')}@e2e.example`;
  const memberEmail = `fn-member-${randomBytes(4).toString('hex')}@e2e.example`;
  await db!.createUser(complianceEmail, password, [{ workspaceId: ws, role: 'compliance' }]);
  await db!.createUser(memberEmail, password, [{ workspaceId: ws, role: 'member' }]);

  const c = await signedIn({ email: complianceEmail, password });
  const cfn = new FunctionsPage(c.page);
  await cfn.gotoEditor(ws, f.id);
  await expect(cfn.readOnlyNote).toBeVisible();
  await expect(cfn.code).toHaveAttribute('contenteditable', 'false');
  await expect(cfn.code).toContainText('function pseudonymise(email, settings)');
  await expect(cfn.save).toHaveCount(0);
  await expect(cfn.deploy).toHaveCount(0);
  await expect(cfn.testPanel).toHaveCount(0);
  await expect(cfn.versions.getByRole('row', { name: /Version 1/ })).toContainText('Deployed');
  await cfn.gotoCatalog(ws);
  await cfn.catalogTabs.getByRole('link', { name: 'Functions' }).click();
  await expect(cfn.table.getByRole('link', { name: 'Draft only' })).toBeVisible();
  await expect(cfn.newFunction).toHaveCount(0);

  const m = await signedIn({ email: memberEmail, password });
  const mfn = new FunctionsPage(m.page);
  await mfn.gotoCatalog(ws);
  await mfn.catalogTabs.getByRole('link', { name: 'Functions' }).click();
  await expect(mfn.table.getByRole('row', { name: /Scrubber/ })).toBeVisible();
  await expect(mfn.table.getByText('Draft only')).toHaveCount(0);
  await expect(mfn.table.getByRole('link', { name: 'Scrubber', exact: true })).toHaveCount(0);
  await expect(mfn.table.getByRole('link', { name: 'Connect Scrubber' })).toBeVisible();
  await expect(mfn.newFunction).toHaveCount(0);
  const editor = await m.page.goto(`/w/${ws}/destinations/catalog/functions/${f.id}`);
  expect(editor?.status()).toBe(404);
});

test('an Insert Function is attached to a catalog destination with its settings, and removed again', async ({
  ownWorkspace,
}) => {
  const { page, id: ws, api } = await ownWorkspace();
  const { source } = await createSource(api, ws, 'Clinic API');
  const template = findFunctionTemplate('drop-property')!;
  const created = await api.post(`/api/workspaces/${ws}/functions`, {
    data: { kind: 'insert', name: 'Drop SSN', code: template.code, settings: template.settings },
  });
  expect(created.status(), await created.text()).toBe(201);
  const f = (await created.json()) as { id: string; latest: { id: string } };
  const deployed = await api.post(`/api/workspaces/${ws}/functions/${f.id}/deploy`, {
    data: { versionId: f.latest.id },
  });
  expect(deployed.status(), await deployed.text()).toBe(200);
  const dest = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId: source.id,
      name: 'Clinic webhook',
      settings: { url: `${sink.url}/hook`, sharedSecret: 'e2e-shared-secret-0123456789' },
    },
  });
  expect(dest.status(), await dest.text()).toBe(201);
  const destinationId = ((await dest.json()) as { id: string }).id;

  await page.goto(`/w/${ws}/destinations/${destinationId}/settings`);
  const section = page.getByRole('region', { name: 'Insert Function' });
  await expect(section).toContainText('It runs after consent and before this destination’s encryption and hashing.');
  await expect(section).toContainText('No Insert Function attached.');
  await section.getByLabel('Insert Function to run').selectOption({ label: 'Drop SSN (version 1)' });
  await section.getByLabel('Property name').fill('mrn');
  await section.getByRole('button', { name: 'Save Insert Function' }).click();
  await expect(section).toContainText('Attached: Drop SSN (deployed version 1).');

  await page.reload();
  await expect(section.getByLabel('Insert Function to run')).toHaveValue(f.id);
  await expect(section.getByLabel('Property name')).toHaveValue('mrn');
  await section.getByRole('button', { name: 'Remove Insert Function' }).click();
  await expect(section).toContainText('No Insert Function attached.');
  await expect(section.getByLabel('Insert Function to run')).toHaveValue('');
});
