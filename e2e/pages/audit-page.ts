import { expect, type Locator, type Page } from '@playwright/test';

/** Audit Log: filter bar, events table, detail drawer, export and verify. */
export class AuditPage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly eventType: Locator;
  readonly actor: Locator;
  readonly endUser: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly utc: Locator;
  readonly apply: Locator;
  readonly reset: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly timeHeader: Locator;
  readonly newer: Locator;
  readonly next: Locator;
  readonly exportLink: Locator;
  readonly verify: Locator;
  readonly verifyResult: Locator;
  /** When the log was last signed and where the checkpoint went. */
  readonly checkpointStatus: Locator;
  readonly drawer: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Audit Log' });
    this.filters = page.getByRole('form', { name: 'Filter the audit log' });
    this.eventType = this.filters.getByLabel('Event type');
    this.actor = this.filters.getByLabel('Actor (user ID)');
    this.endUser = this.filters.getByLabel('End user ID');
    this.from = this.filters.getByLabel(/^From/);
    this.to = this.filters.getByLabel(/^To/);
    this.utc = this.filters.getByRole('radio', { name: 'UTC', exact: true });
    this.apply = this.filters.getByRole('button', { name: 'Apply filters' });
    this.reset = this.filters.getByRole('button', { name: 'Reset' });
    this.table = page.getByRole('table', { name: 'Audit events, newest first' });
    this.rows = this.table.locator('tbody tr');
    this.timeHeader = this.table.getByRole('columnheader', { name: /^Time/ });
    this.newer = page.getByRole('navigation', { name: 'Audit log pages' }).getByRole('button', { name: /Newer/ });
    this.next = page.getByRole('navigation', { name: 'Audit log pages' }).getByRole('button', { name: /Next page/ });
    this.exportLink = page.getByRole('link', { name: 'Export CSV' });
    this.verify = page.getByRole('button', { name: 'Verify integrity' });
    this.verifyResult = page.locator('#audit-verify-result');
    this.checkpointStatus = page.locator('#audit-checkpoint-status');
    this.drawer = page.getByRole('dialog');
  }

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/audit`);
    await expect(this.heading).toBeVisible();
    await expect(this.table.or(this.page.getByText('No audit events match these filters.'))).toBeVisible();
  }

  /** The details button of the n-th row (0-based). */
  detailsButton(n: number): Locator {
    return this.rows.nth(n).getByRole('button', { name: /show details/ });
  }
}
