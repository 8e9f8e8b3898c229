// Destination data encryption as Segment's console users know it, with the key
// pair generated in the browser: Generate Encryption Keys → the private key is
// shown once → "I have stored…" → Save. Then: the PEM is nowhere (database,
// audit log, any API response), and the downloaded key decrypts what the
// destination receives with stock OpenSSL and with `npm run decrypt`.
// Regenerate, edit fields and remove, each with its audit row.
import { readFileSync } from 'node:fs';
import type { Request } from '@playwright/test';
import { test, expect } from '../support/own-workspace';
import { EncryptionPage, PreviewPage } from '../pages/encryption-page';
import { DestinationsPage } from '../pages/destinations-page';
import {
  auditRows,
  createWebhookDestination,
  nodeKeyPair,
  npmDecrypt,
  opensslDecrypt,
  pemNeedles,
  tablesContaining,
} from '../support/encryption';
import { waitForInbox } from '../support/privacy';

const SAMPLE = {
  type: 'identify',
  userId: 'patient-42',
  messageId: 'e2e-preview-1',
  context: { library: { name: 'analytics-node', version: '3.1.0' } },
  traits: { email: 'jane.doe@example.com', birthdate: '1980-02-03', plan: 'gold' },
};

test('generate keys in the browser → PEM shown once → save; the PEM is nowhere; the download decrypts the preview', async ({
  ownWorkspace,
  db,
}, testInfo) => {
  // Spawning `npm run decrypt` and scanning every table take a while on a small machine.
  test.setTimeout(120_000);
  const { page, id: ws, api } = await ownWorkspace();
  const { destinationId } = await createWebhookDestination(api, ws);

  // Every response body the page receives from here on (documents, RSC payloads, API JSON,
  // scripts). 'requestfinished' fires once a body is complete; a request the page aborted
  // (a superseded prefetch) has no body to read and fires 'requestfailed' instead.
  const bodies: Promise<string>[] = [];
  page.on('requestfinished', (req: Request) => {
    bodies.push(
      req
        .response()
        .then((r) => (r ? r.body() : Buffer.alloc(0)))
        .then((b) => b.toString('utf8'))
        .catch(() => ''),
    );
  });

  const enc = new EncryptionPage(page);
  await enc.goto(ws, destinationId);
  await expect(enc.encrypt).not.toBeChecked();
  await enc.encrypt.check();
  await expect(enc.generate).toBeDisabled();
  await enc.field('email').check();
  await enc.field('birthdate').check();
  await expect(enc.remove('email')).toBeVisible();
  await expect(enc.keySize).toHaveValue('3072');
  await enc.keySize.selectOption('2048');
  await enc.generate.click();

  const modal = enc.modal;
  await expect(modal.root).toBeVisible();
  await expect(modal.root).toContainText('cannot be retrieved later');
  const pem = await modal.pem.inputValue();
  expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
  const fingerprint = (await modal.fingerprint.textContent())!.trim();
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  await expect(modal.confirm('Save')).toBeDisabled();

  const [download] = await Promise.all([page.waitForEvent('download'), modal.download.click()]);
  expect(download.suggestedFilename()).toMatch(/^clinic-webhook-private-key-[0-9a-f]{12}\.pem$/);
  const keyFile = testInfo.outputPath('private.pem');
  await download.saveAs(keyFile);
  expect(readFileSync(keyFile, 'utf8')).toBe(pem);

  await modal.stored.check();
  await modal.confirm('Save').click();
  await expect(modal.root).toHaveCount(0);
  // The server computed the same fingerprint from the SPKI it received.
  await expect(enc.historyRows()).toHaveCount(1);
  await expect(enc.historyRows().first()).toContainText(fingerprint);
  await expect(enc.historyRows().first()).toContainText('Current');
  await expect(enc.historyRows().first()).toContainText('RSA-2048');
  for (const needle of pemNeedles(pem)) expect(await page.content()).not.toContain(needle);

  const [enabled] = await auditRows(api, ws, destinationId, 'destination.encryption_enabled');
  expect(enabled.changes).toEqual({
    encryptedFields: ['email', 'birthdate'],
    fingerprint: `sha256:${fingerprint}`,
    modulusBits: 2048,
    origin: 'generated',
  });

  // Reloading the tab (an audited read) shows the key, never the PEM.
  await enc.goto(ws, destinationId);
  await expect(enc.encrypt).toBeChecked();
  await expect(page.getByText(`Current key: ${fingerprint}`)).toBeVisible();
  expect((await auditRows(api, ws, destinationId, 'destination.encryption_viewed')).length).toBeGreaterThanOrEqual(2);

  // What the destination receives, from the Preview tab.
  const preview = new PreviewPage(page);
  await preview.goto(ws, destinationId);
  await preview.paste.check();
  await preview.json.fill(JSON.stringify(SAMPLE));
  await preview.run.click();
  await expect(preview.treatment('traits.email')).toHaveText('encrypted');
  await expect(preview.treatment('traits.birthdate')).toHaveText('encrypted');
  await expect(preview.treatment('traits.plan')).toHaveText('clear');
  const out = JSON.parse((await preview.output.textContent())!) as {
    traits: Record<string, string>;
    context: { encryption: { keyFingerprint: string } };
  };
  expect(out.context.encryption.keyFingerprint).toBe(fingerprint);
  expect(out.traits.email).not.toContain('jane');
  expect(opensslDecrypt(keyFile, out.traits.email)).toBe('jane.doe@example.com');
  expect(opensslDecrypt(keyFile, out.traits.birthdate)).toBe('1980-02-03');
  const [restored] = npmDecrypt(keyFile, [out]);
  expect(restored).toEqual(SAMPLE);
  expect(await auditRows(api, ws, destinationId, 'destination.preview_viewed')).toHaveLength(1);

  // No response the page received, before or after saving, carried the private key.
  const texts = await Promise.all(bodies);
  expect(texts.length).toBeGreaterThan(5);
  for (const needle of pemNeedles(pem)) expect(texts.filter((t) => t.includes(needle))).toEqual([]);

  if (db) {
    expect(await tablesContaining(db, pemNeedles(pem)), 'private key in the database').toEqual([]);
    const keys = await db.query<{ publicKeyPem: string; fingerprint: string }>(
      'SELECT "publicKeyPem", fingerprint FROM "EncryptionKey" WHERE "destinationId" = $1',
      [destinationId],
    );
    expect(keys.map((k) => k.fingerprint)).toEqual([fingerprint]);
    expect(keys[0].publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const audit = await db.query<{ changes: unknown }>('SELECT changes FROM "AuditLog" WHERE "workspaceId" = $1', [ws]);
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain('BEGIN');
    for (const needle of pemNeedles(keys[0].publicKeyPem)) expect(auditText).not.toContain(needle);
  }
});

test('regenerate, edit fields and turn off (confirm popup), each audited; cancelling discards the keys', async ({
  ownWorkspace,
}) => {
  const { page, id: ws, api } = await ownWorkspace();
  const { destinationId } = await createWebhookDestination(api, ws, 'Regen webhook');
  const first = nodeKeyPair();
  const on = await api.put(`/api/workspaces/${ws}/destinations/${destinationId}/encryption`, {
    data: {
      fields: ['email', 'birthdate'],
      publicKey: { pem: first.publicPem, origin: 'generated', fingerprint: first.fingerprint },
    },
  });
  expect(on.status(), await on.text()).toBe(200);

  const enc = new EncryptionPage(page);
  await enc.goto(ws, destinationId);
  await expect(enc.historyRows()).toHaveCount(1);

  // Cancel: the modal closes, the pair is gone, nothing changed.
  await enc.keySize.selectOption('2048');
  await enc.regenerate.click();
  await expect(enc.modal.root).toBeVisible();
  await enc.modal.cancel.click();
  await expect(enc.modal.root).toHaveCount(0);
  await expect(page.getByLabel(/^Private key/)).toHaveCount(0);
  await expect(enc.historyRows()).toHaveCount(1);

  // Regenerate → store → Save Changes.
  await enc.regenerate.click();
  await expect(enc.modal.root).toContainText('cannot be decrypted with this new key');
  const next = (await enc.modal.fingerprint.textContent())!.trim();
  await enc.modal.stored.check();
  await enc.modal.confirm('Save Changes').click();
  await expect(enc.modal.root).toHaveCount(0);
  await expect(enc.historyRows()).toHaveCount(2);
  await expect(enc.historyRows().nth(0)).toContainText(next);
  await expect(enc.historyRows().nth(0)).toContainText('Current');
  await expect(enc.historyRows().nth(1)).toContainText(first.fingerprint);
  await expect(enc.historyRows().nth(1)).not.toContainText('Current');
  const [regen] = await auditRows(api, ws, destinationId, 'destination.encryption_keys_regenerated');
  expect(regen.changes).toEqual({
    before: { fingerprint: `sha256:${first.fingerprint}` },
    after: { fingerprint: `sha256:${next}`, modulusBits: 2048, origin: 'generated' },
  });

  // Edit fields: remove a chip with its x button, add another, Save Changes.
  await expect(enc.saveChanges).toBeDisabled();
  await enc.remove('birthdate').click();
  await enc.field('phone').check();
  await enc.saveChanges.click();
  await expect(enc.saveChanges).toBeDisabled();
  await expect(enc.remove('phone')).toBeVisible();
  const [edit] = await auditRows(api, ws, destinationId, 'destination.encryption_fields_modified');
  expect(edit.changes).toEqual({
    before: { encryptedFields: ['email', 'birthdate'] },
    after: { encryptedFields: ['email', 'phone'] },
    added: ['phone'],
    removed: ['birthdate'],
  });

  // Remove: unticking asks first; Cancel keeps it, Confirm turns it off.
  // The box stays ticked until the popup is confirmed, so this is a click, not uncheck().
  await enc.encrypt.click();
  await expect(enc.turnOff).toBeVisible();
  await expect(enc.turnOff).toContainText('does not decrypt data that was already sent');
  await enc.turnOff.getByRole('button', { name: 'Cancel' }).click();
  await expect(enc.encrypt).toBeChecked();
  await enc.encrypt.click();
  await enc.turnOff.getByRole('button', { name: 'Confirm' }).click();
  await expect(enc.turnOff).toHaveCount(0);
  await expect(enc.encrypt).not.toBeChecked();
  await expect(enc.historyRows()).toHaveCount(2);
  await expect(enc.keyHistory).not.toContainText('Current');
  const [off] = await auditRows(api, ws, destinationId, 'destination.encryption_disabled');
  expect(off.changes).toEqual({ encryptedFields: ['email', 'phone'], retiredFingerprint: `sha256:${next}` });
});

test('Setup page of a new destination: default 3072-bit key, hashing secret shown once, Create held until the key is stored', async ({
  ownWorkspace,
}) => {
  const { page, id: ws, api } = await ownWorkspace();
  const s = await api.post(`/api/workspaces/${ws}/sources`, { data: { name: 'Patient Portal API', type: 'http_api' } });
  const sourceId = ((await s.json()) as { source: { id: string } }).source.id;
  const d = new DestinationsPage(page);
  await page.goto(`/w/${ws}/destinations/catalog/webhook/setup?sourceId=${sourceId}`);
  await d.name.fill('Setup webhook');
  await page.getByRole('textbox', { name: 'Webhook URL', exact: true }).fill('https://example.org/hooks/setup');
  await page.getByRole('textbox', { name: 'Shared secret', exact: true }).fill('setup-shared-secret-0123456789');

  const enc = new EncryptionPage(page);
  await enc.encrypt.check();
  await page
    .getByRole('group', { name: 'Fields options' })
    .getByRole('checkbox', { name: 'email', exact: true })
    .check();
  await expect(d.create).toBeDisabled();
  await expect(
    page.getByText('Generate encryption keys and store the private key before creating the destination.'),
  ).toBeVisible();
  await expect(page.getByLabel('Key size')).toHaveValue('3072');
  await page.getByRole('button', { name: 'Generate Encryption Keys' }).click();
  await expect(enc.modal.pem).toHaveAccessibleName('Private key (PKCS#8 PEM, RSA-3072)', { timeout: 30_000 });
  const fingerprint = (await enc.modal.fingerprint.textContent())!.trim();
  await expect(enc.modal.confirm('Use this key')).toBeDisabled();
  await enc.modal.stored.check();
  await enc.modal.confirm('Use this key').click();
  await expect(page.getByRole('status').filter({ hasText: 'Public key ready (RSA-3072)' })).toContainText(fingerprint);

  await enc.hash.check();
  await page
    .getByRole('group', { name: 'Fields to hash options' })
    .getByRole('checkbox', { name: 'phone', exact: true })
    .check();
  await expect(
    page.getByRole('group', { name: 'Fields to hash options' }).getByRole('checkbox', { name: 'email', exact: true }),
  ).toBeDisabled();
  await expect(d.create).toBeEnabled();
  await d.create.click();

  const secretDialog = page.getByRole('dialog', { name: 'Store your hashing secret' });
  await expect(secretDialog).toBeVisible();
  await expect(secretDialog.getByLabel('HMAC-SHA256 secret (hex, 32 bytes)')).toHaveValue(/^[0-9a-f]{64}$/);
  await secretDialog.getByRole('checkbox', { name: 'I have stored the hashing secret securely' }).check();
  await secretDialog.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(/\/destinations\/[0-9a-f-]{36}\/settings$/);

  const destinationId = new URL(page.url()).pathname.split('/').at(-2)!;
  const view = (await (await api.get(`/api/workspaces/${ws}/destinations/${destinationId}/encryption`)).json()) as {
    encryption: { fields: string[]; currentKey: { fingerprint: string; modulusBits: number } };
    hashing: { fields: string[]; secretSet: boolean };
  };
  expect(view.encryption.fields).toEqual(['email']);
  expect(view.encryption.currentKey).toMatchObject({ fingerprint, modulusBits: 3072 });
  expect(view.hashing).toMatchObject({ fields: ['phone'], secretSet: true });
  expect(await auditRows(api, ws, destinationId, 'destination.encryption_enabled')).toHaveLength(1);
  expect(await auditRows(api, ws, destinationId, 'destination.hashing_enabled')).toHaveLength(1);
});

test('HIPAA-eligible workspace: saving asks "Confirm it’s you", then goes through', async ({
  signedIn,
  hipaaAccount,
}) => {
  test.skip(!hipaaAccount, 'needs DATABASE_URL to record a BAA for a throwaway workspace');
  const { page, context } = await signedIn(hipaaAccount!);
  const ws = hipaaAccount!.workspaceId;
  const { destinationId } = await createWebhookDestination(context.request, ws, 'HIPAA webhook');
  const enc = new EncryptionPage(page);
  await enc.goto(ws, destinationId);
  await enc.encrypt.check();
  await enc.field('email').check();
  await enc.keySize.selectOption('2048');
  await enc.generate.click();
  await enc.modal.stored.check();
  await enc.modal.confirm('Save').click();
  await expect(enc.reauth).toBeVisible();
  await enc.reauth.getByLabel('Password or authenticator code').fill('not the password');
  await enc.reauth.getByRole('button', { name: 'Confirm' }).click();
  await expect(enc.reauth.getByRole('alert')).toHaveText('That password or code is not correct.');
  await enc.reauth.getByLabel('Password or authenticator code').fill(hipaaAccount!.password);
  await enc.reauth.getByRole('button', { name: 'Confirm' }).click();
  await expect(enc.reauth).toHaveCount(0);
  await expect(enc.modal.root).toHaveCount(0);
  await expect(enc.historyRows()).toHaveCount(1);
  await expect(enc.historyRows().first()).toContainText('Current');
});

test('a chosen field covers its synonyms: the picker lists them, the BAA note and Preview follow (issue 15 #2)', async ({
  ownWorkspace,
}, testInfo) => {
  const { page, id: ws, api } = await ownWorkspace();
  const created = await api.post(`/api/workspaces/${ws}/sources`, {
    data: { name: 'Scheduling API', type: 'http_api' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { source, writeKey } = (await created.json()) as { source: { id: string }; writeKey: string };
  // The workspace's own synonym for Email, added in the Privacy Portal.
  const matchers = (await (await api.get(`/api/workspaces/${ws}/privacy/matchers`)).json()) as {
    builtIn: { id: string; name: string }[];
  };
  const email = matchers.builtIn.find((m) => m.name === 'Email')!;
  const syn = await api.post(`/api/workspaces/${ws}/privacy/synonyms`, {
    data: { matcherId: email.id, key: 'patient_contact' },
  });
  expect(syn.status(), await syn.text()).toBe(201);
  const event = {
    type: 'track',
    event: 'Appointment Booked',
    userId: 'patient-7',
    context: { traits: { first_name: 'Ada' } },
    properties: {
      firstname: 'Ada',
      emailAddress: 'ada@example.com',
      patient_contact: 'ada.l@example.com',
      diagnosis: 'J45.909',
      plan: 'gold',
    },
  };
  const track = await api.post('/v1/track', {
    headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    data: event,
  });
  expect(track.status(), await track.text()).toBe(200);
  await waitForInbox(api, ws, ['properties.emailAddress', 'properties.diagnosis', 'context.traits.first_name']);
  const d = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId: source.id,
      name: 'Scheduling webhook',
      settings: { url: 'https://example.org/hooks/scheduling', sharedSecret: 'e2e-shared-secret-0123456789' },
    },
  });
  expect(d.status(), await d.text()).toBe(201);
  const destinationId = ((await d.json()) as { id: string }).id;

  const enc = new EncryptionPage(page);
  await enc.goto(ws, destinationId);
  await expect(enc.baaNote).toContainText('Encrypt or hash Yellow fields before they leave');
  await enc.encrypt.check();
  await enc.field('email').check();
  await enc.field('first name').check();
  // What each chosen field covers, before saving: the classifier's spellings, the workspace synonym, the keys seen.
  await expect(enc.coveredKeys('email')).toHaveText([
    'email',
    'e mail',
    'email address',
    'emailaddress',
    'patient contact',
  ]);
  await expect(enc.seenPaths('email')).toHaveText(['properties.emailAddress', 'properties.patient_contact']);
  await expect(enc.seenPaths('first name')).toHaveText(['context.traits.first_name', 'properties.firstname']);

  await enc.keySize.selectOption('2048');
  await enc.generate.click();
  await expect(enc.modal.root).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), enc.modal.download.click()]);
  const keyFile = testInfo.outputPath('synonyms-private.pem');
  await download.saveAs(keyFile);
  await enc.modal.stored.check();
  await enc.modal.confirm('Save').click();
  await expect(enc.modal.root).toHaveCount(0);
  await expect(enc.historyRows()).toHaveCount(1);
  // Encryption on does not hide the note: it names what still leaves in clear, and only that.
  await expect(enc.baaNote).toContainText('1 Red/Yellow field still leaves in clear: properties.diagnosis.');
  await expect(enc.baaNote).not.toContainText('emailAddress');

  const preview = new PreviewPage(page);
  await preview.goto(ws, destinationId);
  await preview.paste.check();
  await preview.json.fill(JSON.stringify(event));
  await preview.run.click();
  for (const path of [
    'properties.emailAddress',
    'properties.patient_contact',
    'properties.firstname',
    'context.traits.first_name',
  ])
    await expect(preview.treatment(path)).toHaveText('encrypted');
  await expect(preview.treatment('properties.plan')).toHaveText('clear');
  await expect(preview.treatment('properties.diagnosis')).toHaveText('clear');
  expect(await preview.inClearCount()).toBe(1);
  const out = JSON.parse((await preview.output.textContent())!) as { properties: Record<string, string> };
  expect(opensslDecrypt(keyFile, out.properties.emailAddress)).toBe('ada@example.com');
  expect(opensslDecrypt(keyFile, out.properties.patient_contact)).toBe('ada.l@example.com');
});
