// Accessibility: axe-core (e2e/support/axe.ts) on every console page, as an owner and as a
// member, and with the main dialogs open. A serious or critical violation fails; moderate
// and minor ones are listed in the test's annotations.
//
// The pages come from the RBAC matrix (e2e/support/route-matrix.ts): every page row that
// the role may open, and the rows the matrix lists under a placeholder id (a source,
// destination or function that does not exist), visited here with the id of an object
// made in beforeAll. A few pages the matrix does not list are added below, and two of
// the 404 pages shown inside the console shell.
//
// Cheap on purpose: one workspace of our own, one browser context and one page per role,
// reused by every test of the file (the tests only open and close dialogs, or rotate the
// write key, which the later tests do not depend on). A dialog's test follows its page's
// test and starts from the page that test loaded.
import type { APIResponse, Browser, BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { test, expect } from '../support/own-workspace';
import { ROUTES } from '../support/route-matrix';
import { apiSignIn } from '../support/auth';
import { BASE_URL } from '../support/env';
import { expectNoSeriousAxeViolations } from '../support/axe';
import { SourcesPage } from '../pages/sources-page';
import { EncryptionPage } from '../pages/encryption-page';
import { AuditPage } from '../pages/audit-page';
import { DebuggerPage, DeliveryPage } from '../pages/pipeline-page';
import { FunctionsPage } from '../pages/functions-page';
import { PrivacyPage } from '../pages/privacy-page';
import { FUNCTION_TEMPLATES } from '../../lib/functions/templates';

type Viewer = 'owner' | 'member';
const VIEWERS: Viewer[] = ['owner', 'member'];
/** Runs axe inside the open dialog (its page was checked on its own), or inside `scope`. */
type Check = (where: string, scope?: string) => Promise<void>;
const OPEN_DIALOG = '[role="dialog"], [role="alertdialog"]';
const MEMBER_NAME = 'Axe Member';
const DESTINATION = 'Clinic webhook';
const EVENT = 'Appointment Booked';
const TEMPLATE = 'Remove PHI before a non-BAA destination';

interface Ids {
  ws: string;
  source: string;
  destination: string;
  function: string;
}

const UUID = /\/(sources|destinations|functions)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const OBJECT = { sources: ':source', destinations: ':destination', functions: ':function' } as const;

/** Pages under an object's id, by role: the matrix only has them with a missing id (404 for everyone). */
const OBJECT_PAGE_HIDDEN_FROM: Record<string, Viewer[]> = {
  // 'functions.read' is for owners and compliance; members only connect deployed functions.
  '/w/:ws/destinations/catalog/functions/:function': ['member'],
};

/** Console pages the matrix does not list. */
const NOT_IN_MATRIX: { path: string; viewers: Viewer[] }[] = [
  { path: '/account/security', viewers: VIEWERS },
  { path: '/w/:ws/settings/security', viewers: VIEWERS },
  { path: '/w/:ws/settings/members', viewers: ['owner'] },
  { path: '/w/:ws/sources/:source/settings', viewers: VIEWERS },
  { path: '/w/:ws/destinations/:destination/consent', viewers: VIEWERS },
  { path: '/w/:ws/destinations/catalog/webhook/setup?sourceId=:source', viewers: VIEWERS },
];

/** The 404 pages inside the console shell: an unknown path, and (members) a page the role cannot open. */
const NOT_FOUND: { path: string; viewers: Viewer[] }[] = [
  { path: '/w/:ws/no-such-page', viewers: VIEWERS },
  { path: '/w/:ws/audit', viewers: ['member'] },
];

function consolePages(viewer: Viewer): string[] {
  const fromMatrix = ROUTES.filter(
    (r) => r.kind === 'page' && r.method === 'GET' && (r.path.startsWith('/w/:ws/') || r.path === '/workspaces/new'),
  ).flatMap((r) => {
    const path = r.path.replace(UUID, (_, kind: keyof typeof OBJECT) => `/${kind}/${OBJECT[kind]}`);
    if (path === r.path) return r.expect[viewer] === 200 ? [path] : [];
    return OBJECT_PAGE_HIDDEN_FROM[path]?.includes(viewer) ? [] : [path];
  });
  const extra = NOT_IN_MATRIX.filter((p) => p.viewers.includes(viewer)).map((p) => p.path);
  return [...new Set([...fromMatrix, ...extra])];
}

const withIds = (path: string, ids: Ids) =>
  path
    .replace(':ws', ids.ws)
    .replace(':source', ids.source)
    .replace(':destination', ids.destination)
    .replace(':function', ids.function);

async function signedInContext(browser: Browser, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  expect(await apiSignIn(context.request, email, password), `API sign-in as ${email}`).toEqual({ ok: true });
  return context;
}

async function created<T>(res: Promise<APIResponse>, status = 201): Promise<T> {
  const r = await res;
  expect(r.status(), await r.text()).toBe(status);
  return (await r.json()) as T;
}

let ids: Ids;
const pages = {} as Record<Viewer, Page>;
const contexts: BrowserContext[] = [];

test.beforeAll(async ({ browser, account, playwright }) => {
  // Builds a workspace through the API and waits for one delivery to be refused.
  test.setTimeout(90_000);
  const owner = await signedInContext(browser, account.email, account.password);
  contexts.push(owner);
  const api = owner.request;
  const ws = (
    await created<{ id: string }>(
      api.post('/api/workspaces', { data: { name: `Axe Clinic ${randomBytes(3).toString('hex')}` } }),
    )
  ).id;

  const email = `axe-member-${randomBytes(4).toString('hex')}@e2e.example`;
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const { inviteUrl } = await created<{ inviteUrl: string }>(
    api.post(`/api/workspaces/${ws}/members`, { data: { email, role: 'member' } }),
  );
  const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
  await created(
    anonymous.post('/api/invites/accept', {
      data: { token: new URL(inviteUrl).pathname.split('/').pop(), name: MEMBER_NAME, password },
    }),
  );
  await anonymous.dispose();

  const { source, writeKey } = await created<{ source: { id: string }; writeKey: string }>(
    api.post(`/api/workspaces/${ws}/sources`, { data: { name: 'Patient Portal API', type: 'http_api' } }),
  );
  // A refused (SSRF) endpoint: the delivery fails at once and keeps its payload for the details dialog.
  const destination = await created<{ id: string }>(
    api.post(`/api/workspaces/${ws}/destinations`, {
      data: {
        catalogId: 'webhook',
        sourceId: source.id,
        name: DESTINATION,
        enabled: true,
        settings: { url: 'http://169.254.169.254/latest', sharedSecret: 'e2e-shared-secret-0123456789' },
      },
    }),
  );
  const template = FUNCTION_TEMPLATES.find((t) => t.name === TEMPLATE)!;
  const fn = await created<{ id: string; latest: { id: string } }>(
    api.post(`/api/workspaces/${ws}/functions`, {
      data: { kind: 'destination', name: 'PHI scrubber', code: template.code, settings: template.settings },
    }),
  );
  await created(
    api.post(`/api/workspaces/${ws}/functions/${fn.id}/deploy`, { data: { versionId: fn.latest.id } }),
    200,
  );
  ids = { ws, source: source.id, destination: destination.id, function: fn.id };

  await created(
    api.post('/v1/track', {
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      data: {
        userId: 'patient-42',
        event: EVENT,
        // Long enough that the payload scrolls in the delivery details dialog.
        properties: { email: 'pat@example.com', visit: 'follow-up', notes: 'x'.repeat(40) },
        context: { page: { url: 'https://portal.example/visits' }, userAgent: 'e2e' },
      },
    }),
    200,
  );
  await expect
    .poll(
      async () => {
        const o = (await (await api.get(`/api/workspaces/${ws}/destinations/${destination.id}/delivery`)).json()) as {
          queue: { failed: number };
        };
        return o.queue.failed;
      },
      { message: 'the refused delivery', timeout: 30_000 },
    )
    .toBe(1);
  // The email field, classified, so the Inventory has a row whose details dialog can open.
  let fieldId: string | undefined;
  await expect
    .poll(
      async () => {
        const inbox = (await (await api.get(`/api/workspaces/${ws}/privacy/inbox`)).json()) as {
          fields: { id: string; keyPath: string }[];
        };
        fieldId = inbox.fields.find((f) => f.keyPath === 'properties.email')?.id;
        return Boolean(fieldId);
      },
      { message: 'properties.email in the Inbox', timeout: 20_000 },
    )
    .toBe(true);
  await created(
    api.put(`/api/workspaces/${ws}/privacy/fields/${fieldId}/classification`, { data: { color: 'red' } }),
    200,
  );

  const member = await signedInContext(browser, email, password);
  contexts.push(member);
  pages.owner = await owner.newPage();
  pages.member = await member.newPage();
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
});

/**
 * Opens a page and waits until its data has arrived: the console's components say
 * "Loading…" while a query is pending (waiting for the network to go idle instead
 * costs more than the axe run itself).
 */
async function open(page: Page, path: string, status = 200): Promise<void> {
  const res = await page.goto(withIds(path, ids));
  expect(res?.status(), `${path}`).toBe(status);
  const main = page.getByRole('main');
  await expect(main).toBeVisible();
  await expect(main.getByText(/^Loading/)).toHaveCount(0);
  await expect(main).not.toHaveAttribute('aria-busy', 'true');
}

test('signed out: /login', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to Privacy Console' })).toBeVisible();
  await expectNoSeriousAxeViolations(page, testInfo, '/login');
});

/**
 * A dialog (or a state of a page), the page it opens on and the roles that can open it.
 * Its test runs right after that page's own test and starts from the page already loaded.
 */
interface DialogCase {
  name: string;
  path: string;
  viewers: Viewer[];
  run: (page: Page, viewer: Viewer, check: Check) => Promise<void>;
}

const DIALOGS: DialogCase[] = [
  {
    name: 'Add source dialog',
    path: '/w/:ws/sources',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      const s = new SourcesPage(page);
      await s.addButton.click();
      await expect(s.addDialog).toBeVisible();
      await check('Add source dialog');
      await page.keyboard.press('Escape');
      await expect(s.addDialog).toHaveCount(0);
    },
  },
  {
    name: 'Rotate write key dialog and the one-time write key',
    path: '/w/:ws/sources/:source',
    viewers: VIEWERS,
    run: async (page, viewer, check) => {
      const s = new SourcesPage(page);
      await s.rotateButton.click();
      await expect(s.rotateDialog).toBeVisible();
      await check('Rotate write key dialog');
      if (viewer === 'member') {
        await s.rotateDialog.getByRole('button', { name: 'Cancel' }).click();
        await expect(s.rotateDialog).toHaveCount(0);
        return;
      }
      // Rotating once is harmless here: the old key stays valid for the grace period.
      await s.rotateDialog.getByRole('radio', { name: '1 hour' }).check();
      await s.rotateDialog.getByRole('button', { name: 'Rotate write key' }).click();
      await expect(s.keyValue).toBeVisible();
      await check('one-time write key dialog');
      await s.closeKeyDialog();
    },
  },
  {
    name: 'an event open, Pretty and Raw',
    path: '/w/:ws/sources/:source/debugger',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      const dbg = new DebuggerPage(page);
      await dbg.open(EVENT);
      await expect(dbg.panel).toContainText('analytics.track("Appointment Booked")');
      await check('Debugger, Pretty view', 'main');
      await dbg.rawTab.click();
      await expect(dbg.rawJson).toContainText('"event": "Appointment Booked"');
      await check('Debugger, Raw view', 'main');
    },
  },
  {
    name: 'Delete destination confirmation',
    path: '/w/:ws/destinations/:destination/settings',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      await page.getByRole('button', { name: 'Delete destination' }).click();
      const confirm = page.getByRole('alertdialog', { name: `Delete ${DESTINATION}?` });
      await expect(confirm).toBeVisible();
      await check('Delete destination confirmation');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
    },
  },
  {
    name: 'Generate encryption keys: the private key modal',
    path: '/w/:ws/destinations/:destination/encryption',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      const enc = new EncryptionPage(page);
      await enc.encrypt.check();
      await enc.field('email').check();
      await enc.keySize.selectOption('2048');
      await enc.generate.click();
      await expect(enc.modal.root).toBeVisible();
      await expect(enc.modal.pem).toHaveValue(/BEGIN PRIVATE KEY/);
      await check('private key modal');
      await enc.modal.cancel.click();
      await expect(enc.modal.root).toHaveCount(0);
    },
  },
  {
    name: 'delivery details dialog with the payload, and the replay confirmation',
    path: '/w/:ws/destinations/:destination/delivery',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      const delivery = new DeliveryPage(page);
      await delivery.attempts
        .getByRole('row', { name: new RegExp(EVENT) })
        .getByRole('button', { name: /Details/ })
        .click();
      const payload = delivery.details.getByLabel('Delivery payload');
      await expect(payload).toContainText(`"event": "${EVENT}"`);
      // It overflows, so axe's scrollable-region-focusable applies to it.
      expect(await payload.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
      await check('Delivery details dialog');
      await delivery.details.getByRole('button', { name: 'Close' }).click();
      await expect(delivery.details).toHaveCount(0);
      await delivery.replay.click();
      await expect(delivery.replayConfirm).toBeVisible();
      await check('replay confirmation');
      await page.keyboard.press('Escape');
      await expect(delivery.replayConfirm).toHaveCount(0);
    },
  },
  {
    name: 'field details dialog',
    path: '/w/:ws/privacy/inventory',
    viewers: VIEWERS,
    run: async (page, _viewer, check) => {
      const privacy = new PrivacyPage(page);
      await page.getByRole('button', { name: 'properties.email details' }).click();
      await expect(privacy.detail).toBeVisible();
      await check('field details dialog');
      await page.keyboard.press('Escape');
      await expect(privacy.detail).toHaveCount(0);
    },
  },
  {
    name: 'details drawer',
    path: '/w/:ws/audit',
    viewers: ['owner'],
    run: async (page, _viewer, check) => {
      const audit = new AuditPage(page);
      await audit.detailsButton(0).click();
      await expect(audit.drawer).toBeVisible();
      await check('audit details drawer');
      await page.keyboard.press('Escape');
      await expect(audit.drawer).toHaveCount(0);
    },
  },
  {
    name: 'Configure function dialog',
    path: '/w/:ws/destinations/catalog/functions/new',
    viewers: ['owner'],
    run: async (page, _viewer, check) => {
      const fn = new FunctionsPage(page);
      await page.getByRole('radio', { name: /^Destination/ }).check();
      await page.getByRole('radio', { name: new RegExp(`^${TEMPLATE}`) }).check();
      await fn.build.click();
      await expect(fn.code).toBeVisible();
      await fn.configure.click();
      await expect(fn.configureDialog).toBeVisible();
      await check('Configure function dialog');
      await page.keyboard.press('Escape');
      await expect(fn.configureDialog).toHaveCount(0);
    },
  },
  {
    name: 'Function details and Deploy dialogs',
    path: '/w/:ws/destinations/catalog/functions/:function',
    viewers: ['owner'],
    run: async (page, _viewer, check) => {
      const fn = new FunctionsPage(page);
      await page.getByRole('button', { name: 'Edit name, description and logo' }).click();
      const details = page.getByRole('dialog', { name: 'Function details' });
      await expect(details).toBeVisible();
      await check('Function details dialog');
      await page.keyboard.press('Escape');
      await expect(details).toHaveCount(0);
      await fn.deploy.click();
      await expect(fn.deployDialog).toBeVisible();
      await check('Deploy a version dialog');
      await page.keyboard.press('Escape');
      await expect(fn.deployDialog).toHaveCount(0);
    },
  },
  {
    name: 'Remove member confirmation',
    path: '/w/:ws/settings/members',
    viewers: ['owner'],
    run: async (page, _viewer, check) => {
      await page.getByRole('button', { name: `Remove ${MEMBER_NAME}` }).click();
      const confirm = page.getByRole('alertdialog', { name: `Remove ${MEMBER_NAME}?` });
      await expect(confirm).toBeVisible();
      await check('Remove member confirmation');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
    },
  },
];

/** Opens `path` unless the page is already there (the page's own test just loaded it). */
async function at(page: Page, path: string): Promise<void> {
  const here = new URL(page.url());
  if (here.origin === new URL(BASE_URL).origin && `${here.pathname}${here.search}` === withIds(path, ids)) return;
  await open(page, path);
}

for (const viewer of VIEWERS) {
  test.describe(viewer, () => {
    const paths = consolePages(viewer);
    const dialogs = DIALOGS.filter((d) => d.viewers.includes(viewer));
    const unreachable = dialogs.filter((d) => !paths.includes(d.path));
    if (unreachable.length) throw new Error(`dialogs on pages not in the list: ${unreachable.map((d) => d.path)}`);
    for (const path of paths) {
      test(path, async ({}, testInfo) => {
        const page = pages[viewer];
        await open(page, path);
        await expectNoSeriousAxeViolations(page, testInfo, path);
      });
      for (const d of dialogs.filter((x) => x.path === path)) {
        test(`${path}: ${d.name}`, async ({}, testInfo) => {
          const page = pages[viewer];
          await at(page, d.path);
          await d.run(page, viewer, (where, scope = OPEN_DIALOG) =>
            expectNoSeriousAxeViolations(page, testInfo, where, scope),
          );
        });
      }
    }
    for (const { path } of NOT_FOUND.filter((p) => p.viewers.includes(viewer))) {
      test(`${path} (404)`, async ({}, testInfo) => {
        const page = pages[viewer];
        await open(page, path, 404);
        await expectNoSeriousAxeViolations(page, testInfo, `${path} (404)`);
      });
    }
  });
}
