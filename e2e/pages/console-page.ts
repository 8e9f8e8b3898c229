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
