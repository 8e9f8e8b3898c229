import { expect, type Locator, type Page } from '@playwright/test';

export class LoginPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** Sign-in failures (role=alert). */
  readonly error: Locator;
  /** Why the user is here, e.g. the idle sign-out notice (role=status). */
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in to Privacy Console' });
    this.email = page.getByLabel('Email');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.error = page.getByRole('alert').filter({ hasText: /./ });
    this.notice = page.getByRole('status');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/login${query}`);
    await expect(this.heading).toBeVisible();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Submits, waits for the server's answer (so every attempt is counted), and checks the message shown. */
  async signInExpectingError(email: string, password: string, message: string | RegExp): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials'));
    await this.signIn(email, password);
    await answered;
    await expect(this.error).toHaveText(message);
    await expect(this.submit).toBeEnabled();
  }

  async expectIdleNotice(minutes: number): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/login\\?reason=idle&after=${minutes}$`));
    await expect(this.notice).toHaveText(`You were signed out after ${minutes} minutes of inactivity.`);
  }
}
