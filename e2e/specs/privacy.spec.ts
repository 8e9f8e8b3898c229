// Privacy Portal: fields arrive through the Tracking API, owners classify them from
// the Inbox into the Inventory, and sample values stay masked unless the viewer has
// PII access, with every unmasked view in the audit log.
import { test, expect } from '../fixtures';
import { PrivacyPage } from '../pages/privacy-page';
import { track, uniqueKey, waitForInbox } from '../support/privacy';

test.describe('privacy portal', () => {
  test('owner classifies a field from the Inbox and it moves to the Inventory', async ({
    signedIn,
    apiAs,
    workspaceIds,
  }) => {
    const group = uniqueKey('visit');
    const email = `properties.${group}.email`;
    const reason = `properties.${group}.reason`;
    await track(await apiAs('owner'), 'Appointment Booked', {
      [group]: { email: 'jane.doe@example.com', reason: 'follow-up' },
    });
    await waitForInbox(await apiAs('owner'), workspaceIds.sunshine, [email, reason]);

    const { page } = await signedIn('owner');
    const privacy = new PrivacyPage(page);
    await privacy.goto(workspaceIds.sunshine);
    const row = privacy.inboxRow(email);
    await expect(row).toContainText('Appointment Booked');
    await expect(row).toContainText('Patient Portal (HTTP API)');
    await expect(row).toContainText('Email');
    // Pre-filled with the matcher's suggestion; the owner picks Red instead.
    await expect(privacy.classification(email)).toHaveValue('yellow');
    await privacy.classification(email).selectOption({ label: 'Red' });
    await privacy.addToInventory(email).click();
    await expect(privacy.status).toHaveText(`${email} was added to the Inventory as Red.`);
    await expect(privacy.inboxRow(email)).toHaveCount(0);
    await expect(privacy.inboxRow(reason)).toBeVisible();

    await privacy.openTab('Inventory');
    const inv = privacy.inventoryRow(email);
    await expect(inv).toContainText('Red');
    await expect(inv).toContainText('Olivia Owner');
    await page.getByLabel('Classification', { exact: true }).selectOption({ label: 'Red' });
    await expect(privacy.inventoryRow(email)).toBeVisible();
    await inv.getByRole('button', { name: `${email} details` }).click();
    await expect(privacy.detail).toHaveAccessibleName(email);
    await expect(privacy.detail.getByRole('table', { name: 'Count per source' })).toContainText(
      'Patient Portal (HTTP API)',
    );
    await expect(privacy.detail.getByRole('table', { name: 'Events' })).toContainText('Appointment Booked');
    await page.keyboard.press('Escape');
    await expect(privacy.detail).toHaveCount(0);

    // The change is in the audit log.
    const audit = await (
      await apiAs('owner')
    ).get(`/api/workspaces/${workspaceIds.sunshine}/audit?eventType=privacy.field_classified`);
    const items = (
      (await audit.json()) as { items: { changes: { keyPath?: string; after?: { classification?: string } } }[] }
    ).items;
    expect(items.find((i) => i.changes.keyPath === email)?.changes.after?.classification).toBe('red');
  });

  test('samples are masked for a member without PII access; the owner reveals them, audited', async ({
    signedIn,
    apiAs,
    workspaceIds,
  }) => {
    const group = uniqueKey('contact');
    const phone = `properties.${group}.phone`;
    const value = '+14155552671';
    await track(await apiAs('owner'), 'Contact Updated', { [group]: { phone: value } });
    await waitForInbox(await apiAs('owner'), workspaceIds.sunshine, [phone]);

    const member = new PrivacyPage((await signedIn('member')).page);
    await member.goto(workspaceIds.sunshine);
    await expect(member.inboxRow(phone)).toContainText('•••••••• (12 chars)');
    await expect(member.maskedNote).toBeVisible();
    await expect(member.showSamples).toHaveCount(0);
    await expect(member.page.getByRole('main')).not.toContainText(value);
    // Members cannot classify either: the suggestion is shown, not a control.
    await expect(member.addToInventory(phone)).toHaveCount(0);

    const ownerPage = (await signedIn('owner')).page;
    const owner = new PrivacyPage(ownerPage);
    await owner.goto(workspaceIds.sunshine);
    await expect(owner.inboxRow(phone)).toContainText('•••••••• (12 chars)');
    await owner.showSamples.click();
    await expect(owner.inboxRow(phone).getByTestId('sample-value')).toHaveText(value);
    await owner.hideSamples.click();
    await expect(owner.page.getByRole('main')).not.toContainText(value);

    const res = await (
      await apiAs('owner')
    ).get(`/api/workspaces/${workspaceIds.sunshine}/audit?eventType=privacy.samples_viewed`);
    expect(res.status()).toBe(200);
    const items = (
      (await res.json()) as {
        items: { actorEmail: string | null; eventName: string; changes: { fields?: string[] } }[];
      }
    ).items;
    const row = items.find((i) => i.changes.fields?.includes(phone));
    expect(row).toMatchObject({
      actorEmail: 'owner@sunshine-health.example',
      eventName: 'Privacy Sample Values Viewed',
    });
    expect(JSON.stringify(row)).not.toContain(value);
  });

  test('new fields raise a badge and a banner until the Inbox is opened', async ({ signedIn, apiAs, workspaceIds }) => {
    const group = uniqueKey('alert');
    await track(await apiAs('owner'), 'Alert Test', { [group]: { code: 'x' } });
    await waitForInbox(await apiAs('owner'), workspaceIds.sunshine, [`properties.${group}.code`]);

    const privacy = new PrivacyPage((await signedIn('compliance')).page);
    await privacy.goto(workspaceIds.sunshine, 'Inventory');
    await expect(privacy.banner).toBeVisible();
    await expect(privacy.navPrivacy).toContainText(/\d+/);
    await privacy.banner.getByRole('link', { name: 'Review them in the Inbox' }).click();
    await expect(privacy.inboxTable).toBeVisible();
    await expect(privacy.banner).toBeVisible(); // the count as it was on arrival stays on the Inbox
    await expect(privacy.inboxRow(`properties.${group}.code`)).toContainText('New');
    // Opening the Inbox marked it seen; the layout refreshes and the badge goes.
    await expect(privacy.navPrivacy).toHaveText('Privacy');
  });

  test('detection page says matching is exact, and members cannot edit matchers', async ({
    signedIn,
    workspaceIds,
  }) => {
    const privacy = new PrivacyPage((await signedIn('member')).page);
    await privacy.goto(workspaceIds.sunshine, 'Detection');
    await expect(privacy.page.getByRole('note')).toContainText('Matching is exact, never fuzzy.');
    await expect(privacy.page.getByRole('table', { name: 'Default matchers' }).getByRole('row')).toHaveCount(39);
    await expect(privacy.page.getByRole('form', { name: 'Add a custom matcher' })).toHaveCount(0);
    await expect(privacy.page.getByRole('checkbox', { name: 'SSN matcher on' })).toBeDisabled();
  });
});
