// Audit Log page: review UI for owner and compliance (filters with time zone,
// keyset pages, detail drawer, CSV export, integrity check), and every view audited.
import { test, expect } from '../fixtures';
import { AuditPage } from '../pages/audit-page';

test.describe('audit log', () => {
  test('compliance reviews: filter, open details with the keyboard, page, verify', async ({
    signedIn,
    workspaceIds,
  }) => {
    const { page } = await signedIn('compliance');
    const audit = new AuditPage(page);
    await audit.goto(workspaceIds.sunshine);
    await expect(audit.timeHeader).toHaveText('Time (UTC)');
    await expect(audit.utc).toBeChecked();
    // Opening the page wrote "Audit Log Viewed", which is the newest row once refreshed via a filter.
    await audit.eventType.selectOption({ label: 'Audit Log Viewed' });
    // The unfiltered page stays on screen until the filtered one arrives: wait for it.
    await audit.applyFilters();
    await expect(page).toHaveURL(/\/audit\?eventType=audit\.viewed$/);
    await expect(audit.rows.first()).toContainText('Audit Log Viewed');
    await expect(audit.table).toContainText('Carla Compliance');

    await audit.detailsButton(0).focus();
    await page.keyboard.press('Enter');
    await expect(audit.drawer).toBeVisible();
    await expect(audit.drawer).toHaveAccessibleName('Audit Log Viewed');
    await expect(audit.drawer).toContainText('audit_log');
    await page.keyboard.press('Escape');
    await expect(audit.drawer).toHaveCount(0);
    await expect(audit.detailsButton(0)).toBeFocused();

    await expect(audit.newer).toBeDisabled();
    await audit.verify.click();
    await expect(audit.verifyResult).toContainText(/Intact: [\d,]+ events checked/);
  });

  test('the export link carries the current filters', async ({ signedIn, workspaceIds }) => {
    const { page } = await signedIn('owner');
    const audit = new AuditPage(page);
    await audit.goto(workspaceIds.sunshine);
    await audit.eventType.selectOption({ label: 'Workspace Created' });
    await audit.from.fill('2020-01-01T00:00');
    await audit.apply.click();
    await expect(audit.exportLink).toHaveAttribute(
      'href',
      /\/audit\/export\?eventType=workspace.created&from=2020-01-01T00%3A00%3A00.000Z$/,
    );
    const res = await page.request.get((await audit.exportLink.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/attachment; filename="audit-log-sunshine-health-/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,timestamp_utc,workspace_id,/);
    expect(lines.slice(1).every((l) => l.includes(',workspace.created,Workspace Created,'))).toBe(true);
  });

  test('members without the permission get a 404 page', async ({ signedIn, workspaceIds }) => {
    const { page } = await signedIn('member');
    const res = await page.goto(`/w/${workspaceIds.sunshine}/audit`);
    expect(res?.status()).toBe(404);
  });
});
