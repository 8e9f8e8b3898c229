import { expect, type Locator, type Page } from '@playwright/test';

/** The Source Debugger tab and a destination's Event Delivery tab. */
export class DebuggerPage {
  readonly liveToggle: Locator;
  readonly search: Locator;
  readonly events: Locator;
  readonly prettyTab: Locator;
  readonly rawTab: Locator;
  readonly rawJson: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.liveToggle = page.getByRole('button', { name: /^(Live|Paused)$/ });
    this.search = page.getByLabel('Search events');
    this.events = page.getByRole('table', { name: 'Latest events' });
    this.prettyTab = page.getByRole('tab', { name: 'Pretty' });
    this.rawTab = page.getByRole('tab', { name: 'Raw' });
    this.rawJson = page.getByLabel('Raw event JSON');
    this.panel = page.getByRole('tabpanel');
  }

  async goto(workspaceId: string, sourceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/sources/${sourceId}/debugger`);
    await expect(
      this.page.getByRole('navigation', { name: 'Source' }).getByRole('link', { name: 'Debugger' }),
    ).toHaveAttribute('aria-current', 'page');
  }

  async open(eventName: string): Promise<void> {
    await this.events.getByRole('button', { name: eventName }).first().click();
    await expect(this.prettyTab).toHaveAttribute('aria-selected', 'true');
  }
}

export class DeliveryPage {
  readonly attempts: Locator;
  readonly details: Locator;
  /** The tab's "Replay N failed and dead-lettered" (or "…, dead-lettered and held") button. */
  readonly replay: Locator;
  readonly replayConfirm: Locator;
  /** The owner's confirmation that deliveries queued before an endpoint change go to the new endpoint. */
  readonly endpointChange: Locator;

  constructor(readonly page: Page) {
    this.attempts = page.getByRole('table', { name: 'Latest delivery attempts' });
    this.details = page.getByRole('dialog', { name: 'Delivery details' });
    this.replay = page.getByRole('button', { name: /^Replay \d[\d,]* failed/ });
    this.replayConfirm = page.getByRole('alertdialog', { name: 'Replay failed and dead-lettered events?' });
    this.endpointChange = page.getByRole('dialog', { name: 'Send to the new endpoint?' });
  }

  async goto(workspaceId: string, destinationId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations/${destinationId}/delivery`);
    await expect(this.page.getByRole('heading', { name: 'Event Delivery' })).toBeVisible();
  }

  count(label: string): Locator {
    return this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
  }
}
