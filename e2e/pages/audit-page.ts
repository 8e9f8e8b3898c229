import { expect, type Locator, type Page } from '@playwright/test';

/** Audit Log: filter bar, events table, detail drawer, export and verify. */
export class AuditPage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly eventType: Locator;
  /** The Actor filter: a combobox with a listbox of matching people. */
  readonly actor: Locator;
  readonly actorSuggestions: Locator;
  readonly endUser: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly utc: Locator;
  readonly apply: Locator;
  readonly reset: Locator;
  readonly table: Locator;
  /** The events table (or the "no events" note) inside its aria-busy wrapper. */
  readonly results: Locator;
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
    this.actor = this.filters.getByRole('combobox', { name: 'Actor' });
    this.actorSuggestions = this.filters.getByRole('listbox', { name: 'Matching actors' }).getByRole('option');
    this.endUser = this.filters.getByLabel('End user ID');
    this.from = this.filters.getByLabel(/^From/);
    this.to = this.filters.getByLabel(/^To/);
    this.utc = this.filters.getByRole('radio', { name: 'UTC', exact: true });
    this.apply = this.filters.getByRole('button', { name: 'Apply filters' });
    this.reset = this.filters.getByRole('button', { name: 'Reset' });
    this.table = page.getByRole('table', { name: 'Audit events, newest first' });
    this.rows = this.table.locator('tbody tr');
    this.results = page
      .locator('[aria-busy]')
      .filter({ has: this.table.or(page.getByText('No audit events match these filters.')) });
    this.timeHeader = this.table.getByRole('columnheader', { name: /^Time/ });
    this.newer = page.getByRole('navigation', { name: 'Audit log pages' }).getByRole('button', { name: /Newer/ });
    this.next = page.getByRole('navigation', { name: 'Audit log pages' }).getByRole('button', { name: /Next page/ });
    this.exportLink = page.getByRole('link', { name: 'Export CSV' });
    this.verify = page.getByRole('button', { name: 'Verify integrity' });
    this.verifyResult = page.locator('#audit-verify-result');
    this.checkpointStatus = page.locator('#audit-checkpoint-status');
    this.drawer = page.getByRole('dialog');
  }

  /** Opens the Audit Log, optionally with a query string of filters (`?eventType=…`). */
  async goto(workspaceId: string, search = ''): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/audit${search}`);
    await this.loaded();
  }

  async loaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.table.or(this.page.getByText('No audit events match these filters.'))).toBeVisible();
  }

  /** Applies the filters and waits for the filtered page (the previous one stays on screen while it loads). */
  async applyFilters(): Promise<void> {
    const before = this.page.url();
    await this.apply.click();
    await expect(this.page).not.toHaveURL(before);
    await this.settled();
  }

  /** Waits until the events shown are the ones for the current filter and page. */
  async settled(): Promise<void> {
    await expect(this.results).toHaveAttribute('aria-busy', 'false');
  }

  /** The Actor column of every row on the page. */
  async actorsShown(): Promise<string[]> {
    return this.rows.locator('td:nth-child(3)').allInnerTexts();
  }

  /** The Event column of every row on the page. */
  async eventsShown(): Promise<string[]> {
    return (await this.rows.getByRole('button', { name: /show details/ }).allInnerTexts()).map((t) =>
      t.replace(/, show details$/, '').trim(),
    );
  }

  /** The Event type filter's choices (without "All event types"). */
  async eventTypeChoices(): Promise<string[]> {
    return (await this.eventType.locator('option').allInnerTexts()).filter((t) => t !== 'All event types');
  }

  /** The details button of the n-th row (0-based). */
  detailsButton(n: number): Locator {
    return this.rows.nth(n).getByRole('button', { name: /show details/ });
  }
}
