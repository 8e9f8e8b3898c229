import { expect, type Locator, type Page } from '@playwright/test';

/** My destinations, the catalog, the add flow (Select data source → Setup) and a destination's tabs. */
export class DestinationsPage {
  readonly addButton: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly category: Locator;
  readonly catalog: Locator;
  readonly next: Locator;
  readonly name: Locator;
  readonly create: Locator;
  readonly tabs: Locator;
  /** The Settings tab's form, its save button and the "Confirm it's you" dialog it may ask for. */
  readonly settingsForm: Locator;
  readonly save: Locator;
  readonly reauth: Locator;

  constructor(readonly page: Page) {
    this.addButton = page.getByRole('link', { name: 'Add destination' });
    this.table = page.getByRole('table', { name: 'My destinations' });
    this.search = page.getByLabel('Search destinations');
    this.category = page.getByLabel('Category');
    this.catalog = page.getByRole('list', { name: 'Destination catalog' });
    this.next = page.getByRole('button', { name: 'Next' });
    this.name = page.getByLabel('Destination name');
    this.create = page.getByRole('button', { name: 'Create destination' });
    this.tabs = page.getByRole('navigation', { name: 'Destination' });
    this.settingsForm = page.getByRole('form', { name: 'Destination settings' });
    this.save = this.settingsForm.getByRole('button', { name: 'Save changes' });
    this.reauth = page.getByRole('dialog', { name: 'Confirm it’s you' });
  }

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'My destinations' })).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The Settings tab's "BAA status for this destination" select. */
  baaStatus(): Locator {
    return this.page.getByLabel('BAA status for this destination');
  }

  warning(destinationName: string): Locator {
    return this.page.getByRole('alert', { name: `PHI warning for ${destinationName}` });
  }

  setting(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }
}
