import { expect, type Locator, type Page } from '@playwright/test';

/** Account security (/account/security): the authenticator app, and the "Confirm it's you" dialog it raises. */
export class AccountSecurityPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly setUp: Locator;
  readonly replace: Locator;
  readonly turnOffStart: Locator;
  readonly replaceForm: Locator;
  readonly turnOffForm: Locator;
  /** The fresh key shown beside the QR code. */
  readonly key: Locator;
  readonly newCode: Locator;
  readonly currentCode: Locator;
  readonly turnOn: Locator;
  readonly confirmNew: Locator;
  readonly confirmTurnOff: Locator;
  readonly recoveryCodes: Locator;
  readonly status: Locator;
  readonly reauth: Locator;
  readonly reauthPassword: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Account security' });
    this.summary = page.getByText(/^On since \d{4}-\d{2}-\d{2}\./);
    this.setUp = page.getByRole('button', { name: 'Set up authenticator app' });
    this.replace = page.getByRole('button', { name: 'Replace authenticator app' });
    this.turnOffStart = page.getByRole('button', { name: 'Turn off two-factor', exact: true });
    this.replaceForm = page.getByRole('form', { name: 'Replace authenticator app' });
    this.turnOffForm = page.getByRole('form', { name: 'Turn off two-factor' });
    this.key = page.getByText(/^Key:/).locator('code');
    this.newCode = page.getByLabel(/^6-digit code from the (new )?app$/);
    this.currentCode = page.getByLabel('Current code (from your current app, or a recovery code)');
    this.turnOn = page.getByRole('button', { name: 'Turn on', exact: true });
    this.confirmNew = page.getByRole('button', { name: 'Confirm new authenticator' });
    this.confirmTurnOff = page.getByRole('button', { name: 'Confirm and turn off' });
    this.recoveryCodes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    this.status = page.getByRole('status');
    this.reauth = page.getByRole('dialog', { name: 'Confirm it’s you' });
    this.reauthPassword = this.reauth.getByLabel('Password', { exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto('/account/security');
    await expect(this.heading).toBeVisible();
  }

  /** Answers the dialog with the keyboard only: focus starts in the password field, Enter confirms. */
  async confirmPassword(password: string): Promise<void> {
    await expect(this.reauth).toBeVisible();
    await expect(this.reauthPassword).toBeFocused();
    await this.page.keyboard.type(password);
    await this.page.keyboard.press('Enter');
    await expect(this.reauth).toHaveCount(0);
  }
}
