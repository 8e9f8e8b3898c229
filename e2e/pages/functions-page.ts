import { expect, type Locator, type Page } from '@playwright/test';

/** Catalog → Functions, New Function, the function editor (code, settings, test, versions, deploy) and Connect. */
export class FunctionsPage {
  readonly catalogTabs: Locator;
  readonly table: Locator;
  readonly newFunction: Locator;
  readonly build: Locator;
  readonly toolbar: Locator;
  readonly code: Locator;
  readonly problems: Locator;
  readonly settingsPanel: Locator;
  readonly testPanel: Locator;
  readonly testEvent: Locator;
  readonly runTest: Locator;
  readonly result: Locator;
  readonly returned: Locator;
  readonly fetches: Locator;
  readonly consoleOutput: Locator;
  readonly configure: Locator;
  readonly configureDialog: Locator;
  readonly save: Locator;
  readonly deploy: Locator;
  readonly deployDialog: Locator;
  readonly versions: Locator;
  readonly readOnlyNote: Locator;

  constructor(readonly page: Page) {
    this.catalogTabs = page.getByRole('navigation', { name: 'Catalog' });
    this.table = page.getByRole('table', { name: 'Functions' });
    this.newFunction = page.getByRole('link', { name: 'New Function' });
    this.build = page.getByRole('button', { name: 'Build' });
    this.toolbar = page.getByRole('toolbar', { name: 'Function actions' });
    this.code = page.getByRole('textbox', { name: 'Function code' });
    this.problems = page.getByRole('status', { name: 'Problems' });
    this.settingsPanel = page.getByRole('region', { name: 'Settings' });
    this.testPanel = page.getByRole('region', { name: 'Test', exact: true });
    this.testEvent = this.testPanel.getByLabel('Test event');
    this.runTest = this.testPanel.getByRole('button', { name: 'Run test' });
    this.result = page.getByRole('region', { name: 'Test result' });
    this.returned = this.result.getByLabel('Returned value');
    this.fetches = this.result.getByRole('table', { name: 'Fetch calls made by the test run' });
    this.consoleOutput = this.result.getByRole('list', { name: 'Console output' });
    this.configure = this.toolbar.getByRole('button', { name: 'Configure' });
    this.configureDialog = page.getByRole('dialog', { name: 'Configure function' });
    this.save = this.toolbar.getByRole('button', { name: 'Save', exact: true });
    this.deploy = this.toolbar.getByRole('button', { name: 'Deploy', exact: true });
    this.deployDialog = page.getByRole('dialog', { name: 'Deploy a version' });
    this.versions = page.getByRole('table', { name: 'Version history, newest first' });
    this.readOnlyNote = page.getByRole('note').filter({ hasText: 'Read-only: your role is Compliance' });
  }

  async gotoCatalog(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations/catalog`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Destination catalog' })).toBeVisible();
  }

  async gotoEditor(workspaceId: string, functionId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations/catalog/functions/${functionId}`);
    await expect(this.code).toBeVisible();
  }

  /**
   * Types a new line after the first code line reading `line`, found the way a keyboard user
   * would: Ctrl+F in the editor (CodeMirror renders only the lines in view), Enter, Esc.
   */
  async addLineAfter(line: string, typed: string): Promise<void> {
    await this.code.focus();
    await expect(this.code).toBeFocused();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+f');
    const find = this.page.getByRole('textbox', { name: 'Find' });
    // Typed, not filled: the search panel takes its query from key events.
    await find.pressSequentially(line);
    await find.press('Enter');
    await find.press('Escape');
    await expect(this.code).toBeFocused();
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(typed);
  }

  /** Value for a declared setting in the Test panel. */
  testValue(label: string): Locator {
    return this.testPanel.getByLabel(label, { exact: true });
  }

  /** Presses Tab (at most `max` times) until `target` has focus; fails if it never does. */
  async tabTo(target: Locator, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    await expect(target).toBeFocused();
  }
}

/** Connect a deployed Destination Function (recipe step 3). */
export class ConnectFunctionPage {
  readonly form: Locator;
  readonly source: Locator;
  readonly name: Locator;
  readonly enable: Locator;
  readonly connect: Locator;

  constructor(
    readonly page: Page,
    functionName: string,
  ) {
    this.form = page.getByRole('form', { name: `Connect ${functionName}` });
    this.source = this.form.getByLabel('Data source');
    this.name = this.form.getByLabel('Destination name');
    this.enable = this.form.getByRole('switch', { name: 'Enable destination' });
    this.connect = this.form.getByRole('button', { name: 'Connect destination' });
  }

  setting(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }
}
