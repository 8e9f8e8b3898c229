import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → General Settings: name, the HIPAA badge, the BAA form and revoke dialog. */
export class WorkspaceSettingsPage {
  readonly name: Locator;
  readonly save: Locator;
  readonly eligible: Locator;
  readonly notEligible: Locator;
  readonly baaForm: Locator;
  readonly revokeButton: Locator;
  readonly revokeDialog: Locator;
  readonly headerBadge: Locator;
  readonly banner: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByLabel('Workspace name');
    this.save = page.getByRole('button', { name: 'Save' });
    this.eligible = page.getByRole('status', { name: 'HIPAA Eligible', exact: true });
    this.notEligible = page.getByRole('status', { name: 'Not HIPAA eligible', exact: true });
    this.baaForm = page.getByRole('form', { name: 'Record BAA' });
    this.revokeButton = page.getByRole('button', { name: 'Revoke BAA' });
    this.revokeDialog = page.getByRole('alertdialog', { name: 'Revoke the BAA?' });
    this.headerBadge = page.getByRole('banner').getByText('HIPAA Eligible', { exact: true });
    this.banner = page.getByRole('alert', { name: 'BAA revoked' });
  }

  async goto(workspaceId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/settings`);
    await expect(this.page.getByRole('heading', { level: 2, name: 'General Settings' })).toBeVisible();
  }

  async recordBaa(v: { signedAt: string; signatory: string; planTier: 'Free' | 'Team' | 'Business' }): Promise<void> {
    await this.baaForm.getByLabel('Signed date').fill(v.signedAt);
    await this.baaForm.getByLabel('Signatory').fill(v.signatory);
    await this.baaForm.getByLabel('Plan tier').selectOption({ label: v.planTier });
    await this.baaForm.getByRole('button', { name: 'Record BAA' }).click();
  }
}
