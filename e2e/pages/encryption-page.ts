import { expect, type Locator, type Page } from '@playwright/test';

/** The one-time "Store your private key" modal. */
export class PrivateKeyModal {
  readonly root: Locator;
  readonly pem: Locator;
  readonly fingerprint: Locator;
  readonly copy: Locator;
  readonly download: Locator;
  readonly stored: Locator;
  readonly cancel: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog', { name: 'Store your private key' });
    this.pem = this.root.getByLabel(/^Private key \(PKCS#8 PEM, RSA-\d+\)$/);
    this.fingerprint = this.root.getByTestId('key-fingerprint');
    this.copy = this.root.getByRole('button', { name: 'Copy private key' });
    this.download = this.root.getByRole('button', { name: 'Download .pem' });
    this.stored = this.root.getByRole('checkbox', { name: 'I have stored the private key securely' });
    this.cancel = this.root.getByRole('button', { name: 'Cancel and discard keys' });
  }

  confirm(label: string): Locator {
    return this.root.getByRole('button', { name: label, exact: true });
  }
}

/** A destination's Data Encryption tab (encryption + hashing) and its Preview tab. */
export class EncryptionPage {
  readonly heading: Locator;
  readonly encrypt: Locator;
  readonly fieldOptions: Locator;
  readonly keySize: Locator;
  readonly generate: Locator;
  readonly regenerate: Locator;
  readonly saveChanges: Locator;
  readonly keyHistory: Locator;
  readonly modal: PrivateKeyModal;
  readonly turnOff: Locator;
  readonly hash: Locator;
  readonly reauth: Locator;
  /** The "not covered by a BAA" note at the top of the tab. */
  readonly baaNote: Locator;
  private readonly section: Locator;

  constructor(readonly page: Page) {
    const section = page.getByRole('region', { name: 'Data Encryption' });
    this.section = section;
    this.baaNote = page.getByRole('note').filter({ hasText: 'is not covered by a BAA' });
    this.heading = page.getByRole('heading', { level: 2, name: 'Data Encryption' });
    this.encrypt = page.getByRole('checkbox', { name: 'Have Segment encrypt sensitive data' });
    this.fieldOptions = section.getByRole('group', { name: 'Fields options' });
    this.keySize = section.getByLabel('Key size');
    this.generate = section.getByRole('button', { name: 'Generate Encryption Keys' });
    this.regenerate = section.getByRole('button', { name: 'Regenerate Encryption Keys' });
    this.saveChanges = section.getByRole('button', { name: 'Save Changes', exact: true });
    this.keyHistory = page.getByRole('table', { name: 'Encryption keys, newest first' });
    this.modal = new PrivateKeyModal(page);
    this.turnOff = page.getByRole('alertdialog', { name: 'Turn off data encryption?' });
    this.hash = page.getByRole('checkbox', { name: 'Have Segment hash sensitive data' });
    this.reauth = page.getByRole('dialog', { name: 'Confirm it’s you' });
  }

  async goto(workspaceId: string, destinationId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations/${destinationId}/encryption`);
    await expect(this.heading).toBeVisible();
  }

  field(key: string): Locator {
    return this.fieldOptions.getByRole('checkbox', { name: key, exact: true });
  }

  remove(key: string): Locator {
    return this.page
      .getByRole('region', { name: 'Data Encryption' })
      .getByRole('button', { name: `Remove ${key}`, exact: true });
  }

  /** Under the chips: the keys a chosen field covers (its spellings and synonyms, from the classifier). */
  coveredKeys(field: string): Locator {
    return this.section.getByRole('list', { name: `Keys covered by ${field}`, exact: true }).getByRole('listitem');
  }

  /** Under the chips: the key paths the Privacy Portal has seen that a chosen field covers. */
  seenPaths(field: string): Locator {
    return this.section.getByRole('list', { name: `Key paths seen for ${field}`, exact: true }).getByRole('listitem');
  }

  /** Key history rows, newest first (header excluded). */
  historyRows(): Locator {
    return this.keyHistory.locator('tbody tr');
  }
}

export class PreviewPage {
  readonly heading: Locator;
  readonly paste: Locator;
  readonly json: Locator;
  readonly run: Locator;
  readonly output: Locator;
  readonly fields: Locator;
  readonly warnings: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 2, name: 'Preview what this destination receives' });
    this.paste = page.getByRole('radio', { name: 'Paste JSON' });
    this.json = page.getByLabel('Event JSON');
    this.run = page.getByRole('button', { name: 'Preview', exact: true });
    this.output = page.getByRole('figure', { name: /^Output/ }).locator('pre');
    this.fields = page.getByRole('table', { name: 'What happens to each field' });
    this.warnings = page.getByRole('region', { name: 'Warnings' });
  }

  async goto(workspaceId: string, destinationId: string): Promise<void> {
    await this.page.goto(`/w/${workspaceId}/destinations/${destinationId}/preview`);
    await expect(this.heading).toBeVisible();
  }

  /** The PHI warning: "N Red/Yellow fields would go in clear to …". */
  inClearWarning(): Locator {
    return this.warnings.getByRole('listitem').filter({ hasText: /Red\/Yellow fields? would (go|leave) in clear/ });
  }

  /** N of that warning (0 when there is none). */
  async inClearCount(): Promise<number> {
    if ((await this.inClearWarning().count()) === 0) return 0;
    const m = /^(\d+) Red\/Yellow/.exec((await this.inClearWarning().textContent()) ?? '');
    if (!m) throw new Error('no count in the PHI warning');
    return Number(m[1]);
  }

  /** Label shown for one field path ("clear", "encrypted", "hashed", "dropped"). */
  treatment(path: string): Locator {
    return this.fields
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: path, exact: true }) })
      .getByRole('cell')
      .nth(2);
  }
}
