import { expect, type Locator, type Page } from '@playwright/test';

export type PrivacyTab = 'Inbox' | 'Inventory' | 'Detection' | 'Privacy Controls';

/** Privacy Portal: tabs, Inbox rows (classify, samples), Inventory rows and the field detail dialog. */
export class PrivacyPage {
  readonly heading: Locator;
  readonly tabs: Locator;
  readonly inboxTable: Locator;
  readonly inventoryTable: Locator;
  readonly showSamples: Locator;
  readonly hideSamples: Locator;
  readonly maskedNote: Locator;
  readonly status: Locator;
  readonly banner: Locator;
  readonly navPrivacy: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Privacy Portal' });
    this.tabs = page.getByRole('navigation', { name: 'Privacy Portal' });
    this.inboxTable = page.getByRole('table', { name: 'Unclassified fields, newest first' });
    this.inventoryTable = page.getByRole('table', { name: 'Classified fields' });
    this.showSamples = page.getByRole('button', { name: 'Show sample values' });
    this.hideSamples = page.getByRole('button', { name: 'Hide sample values' });
    this.maskedNote = page.getByText('Samples are masked. An owner can grant you PII access to see them.');
    // Classifying from the Inbox is confirmed in the console's toast (role=status).
    this.status = page.getByRole('status').filter({ hasText: 'was added to the Inventory' });
    this.banner = page.getByRole('status').filter({ hasText: /new fields? arrived since you last looked/ });
    this.navPrivacy = page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: /^Privacy/ });
    this.detail = page.getByRole('dialog');
  }

  async goto(workspaceId: string, tab: PrivacyTab = 'Inbox'): Promise<void> {
    const path = { Inbox: '', Inventory: '/inventory', Detection: '/detection', 'Privacy Controls': '/controls' }[tab];
    await this.page.goto(`/w/${workspaceId}/privacy${path}`);
    await expect(this.heading).toBeVisible();
    await expect(this.tabs.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
  }

  async openTab(tab: PrivacyTab): Promise<void> {
    await this.tabs.getByRole('link', { name: tab }).click();
    await expect(this.tabs.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
  }

  inboxRow(keyPath: string): Locator {
    return this.inboxTable
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader').filter({ hasText: keyPath }) });
  }

  inventoryRow(keyPath: string): Locator {
    return this.inventoryTable
      .getByRole('row')
      .filter({ has: this.page.getByRole('button', { name: `${keyPath} details` }) });
  }

  classification(keyPath: string): Locator {
    return this.page.getByLabel(`Classification for ${keyPath}`);
  }

  addToInventory(keyPath: string): Locator {
    return this.page.getByRole('button', { name: `Add to Inventory ${keyPath}` });
  }
}
