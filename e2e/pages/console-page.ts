import { expect, type Locator, type Page } from '@playwright/test';

export type Section = 'overview' | 'sources' | 'destinations' | 'privacy' | 'audit' | 'settings';

/** The console shell around every workspace page: nav, switcher, user menu, idle warning. */
export class ConsolePage {
  readonly nav: Locator;
  readonly navLinks: Locator;
  readonly workspaceSwitcher: Locator;
  readonly userMenuButton: Locator;
  readonly signOutItem: Locator;
  readonly main: Locator;
  readonly idleDialog: Locator;
  readonly idleCountdown: Locator;
  readonly staySignedIn: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Workspace' });
    this.navLinks = this.nav.getByRole('link');
    this.workspaceSwitcher = page.getByRole('combobox', { name: 'Workspace', exact: true });
    this.userMenuButton = page.getByRole('button', { name: 'User menu' });
    this.signOutItem = page.getByRole('menuitem', { name: 'Sign out' });
    this.main = page.getByRole('main');
    this.idleDialog = page.getByRole('alertdialog', { name: 'You will be signed out soon' });
    this.idleCountdown = this.idleDialog.getByRole('timer');
    this.staySignedIn = this.idleDialog.getByRole('button', { name: 'Stay signed in' });
  }

  async goto(workspaceId: string, section: Section = 'overview'): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/${section}`);
    await this.expectAt(section, workspaceId);
  }

  async expectAt(section: Section, workspaceId?: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/w/${workspaceId ?? '[0-9a-f-]{36}'}/${section}$`));
    await expect(this.nav).toBeVisible();
  }

  /** The workspace id in the current URL. */
  workspaceId(): string {
    const m = /\/w\/([0-9a-f-]{36})\//.exec(new URL(this.page.url()).pathname);
    if (!m) throw new Error(`not on a workspace page: ${this.page.url()}`);
    return m[1];
  }

  async signOut(): Promise<void> {
    await this.userMenuButton.click();
    await this.signOutItem.click();
  }

  /** What the idle timer treats as the last user activity (epoch ms, in the page's clock). */
  async lastActivity(): Promise<number> {
    const v = await this.page.evaluate(() => window.localStorage.getItem('pc.session.lastActivity'));
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`no last activity recorded (${v})`);
    return n;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Overview: its figures and the PHI blast radius matrix. */
export class OverviewPage {
  readonly blastRadius: Locator;

  constructor(readonly page: Page) {
    this.blastRadius = page.getByRole('table', { name: /PHI blast radius/ });
  }

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/overview`);
    await expect(this.page.getByRole('heading', { level: 2, name: 'PHI blast radius' })).toBeVisible();
  }

  /** One figure of the summary, by its label ("Destinations receiving PHI in clear without a BAA"): its card's first value. */
  figure(label: string): Locator {
    const term = this.page
      .getByRole('main')
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) });
    return term.locator('xpath=..').getByRole('definition').first();
  }

  /** The line under a figure (e.g. the disabled destinations it does not count), if any. */
  figureNote(label: string): Locator {
    const term = this.page
      .getByRole('main')
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) });
    return term.locator('xpath=..').getByRole('definition').nth(1);
  }

  /** A destination's row in the blast radius. */
  row(destinationName: string): Locator {
    return this.blastRadius
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: destinationName, exact: true }) });
  }

  /** The row's "In clear, no BAA" figure: how many Red/Yellow fields it receives in clear. */
  inClear(destinationName: string): Locator {
    return this.row(destinationName).getByRole('cell').first();
  }
}
