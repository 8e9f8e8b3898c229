import type { Locator, Page } from '@playwright/test';

/** The console's one status region: each confirmation is a role="status" inside an aria-live="polite" container. */
export class Toasts {
  constructor(readonly page: Page) {}

  /** The confirmation with this text. */
  message(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** The live region a confirmation is announced through. */
  liveRegionOf(toast: Locator): Locator {
    return toast.locator('xpath=ancestor::*[@aria-live="polite"]');
  }
}

/** The top progress bar while a page is on its way: role="status" "Loading…", aria-busy on <main>. */
export class NavigationProgress {
  readonly status: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByRole('status').filter({ hasText: 'Loading…' });
    this.main = page.getByRole('main');
  }
}

/** A page that could not be shown: a refusal naming the roles that may open it, or "Page not found". */
export class UnavailablePage {
  readonly refusedHeading: Locator;
  readonly notFoundHeading: Locator;
  readonly body: Locator;
  readonly homeLink: Locator;

  constructor(readonly page: Page) {
    this.refusedHeading = page.getByRole('heading', { level: 1, name: 'Your role cannot open this page' });
    this.notFoundHeading = page.getByRole('heading', { level: 1, name: 'Page not found' });
    this.body = page.getByRole('region', { name: /Your role cannot open this page|Page not found/ });
    this.homeLink = this.body.getByRole('link', { name: /^Go to (Overview|the console)$/ });
  }
}
