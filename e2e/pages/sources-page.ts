import { expect, type Locator, type Page } from '@playwright/test';

/** Sources list, the Add source dialog, the one-time write key dialog, and a source's pages. */
export class SourcesPage {
  readonly addButton: Locator;
  readonly addDialog: Locator;
  readonly table: Locator;
  readonly keyValue: Locator;
  readonly keyStored: Locator;
  readonly keyDone: Locator;
  readonly rotateButton: Locator;
  readonly rotateDialog: Locator;
  readonly prefix: Locator;

  constructor(readonly page: Page) {
    this.addButton = page.getByRole('button', { name: 'Add source' });
    this.addDialog = page.getByRole('dialog', { name: 'Add source' });
    this.table = page.getByRole('table', { name: 'Sources' });
    const keyDialog = page.getByRole('dialog', { name: /^Write key for / });
    this.keyValue = keyDialog.getByLabel('Write key', { exact: true });
    this.keyStored = keyDialog.getByRole('checkbox', { name: 'I have stored the write key securely' });
    this.keyDone = keyDialog.getByRole('button', { name: 'Done' });
    this.rotateButton = page.getByRole('button', { name: 'Rotate write key' });
    this.rotateDialog = page.getByRole('dialog', { name: 'Rotate write key' });
    this.prefix = page.getByTestId('write-key-prefix');
  }

  keyDialog(sourceName: string): Locator {
    return this.page.getByRole('dialog', { name: `Write key for ${sourceName}` });
  }

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/sources`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  }

  /** Creates a source through the dialog and returns the write key it shows (once). */
  async create(name: string, type: 'HTTP API' | 'Node.js' | 'Website' = 'HTTP API'): Promise<string> {
    await this.addButton.click();
    await this.addDialog.getByLabel('Source name').fill(name);
    await this.addDialog.getByRole('radio', { name: new RegExp(`^${type.replace('.', '\\.')}`) }).check();
    await this.addDialog.getByRole('button', { name: 'Create source' }).click();
    await expect(this.keyDialog(name)).toBeVisible();
    const key = await this.keyValue.inputValue();
    return key;
  }

  /** Acknowledges the one-time key (the dialog cannot close before) and closes it. */
  async closeKeyDialog(): Promise<void> {
    await expect(this.keyDone).toBeDisabled();
    await this.keyStored.check();
    await this.keyDone.click();
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }

  async rotate(grace: '1 hour' | '24 hours' | '7 days' | RegExp): Promise<string> {
    await this.rotateButton.click();
    await this.rotateDialog.getByRole('radio', { name: grace }).check();
    await this.rotateDialog.getByRole('button', { name: 'Rotate write key' }).click();
    await expect(this.page.getByRole('dialog', { name: /^Write key for / })).toBeVisible();
    return this.keyValue.inputValue();
  }
}
