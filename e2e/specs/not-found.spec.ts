// Refused and missing pages (issue 15 #4). Inside a workspace the visitor
// belongs to, a page their role may not open, an unknown id and a mistyped path
// all answer 404 with a styled page inside the console shell; a refusal names
// the roles that may open the page. Another workspace's URL is the generic
// not-found page, outside any shell and without a role message, so its
// existence is not revealed.
import { test, expect } from '../fixtures';
import { ConsolePage } from '../pages/console-page';
import { UnavailablePage } from '../pages/feedback';

const MISSING = '00000000-0000-4000-8000-000000000000';

test('a member opening the Audit Log gets a 404 inside the shell that names the roles that can', async ({
  signedIn,
  workspaceIds,
}) => {
  const { page, console: shell } = await signedIn('member');
  const res = await page.goto(`/w/${workspaceIds.sunshine}/audit`);
  expect(res?.status()).toBe(404);
  const gone = new UnavailablePage(page);
  await expect(gone.refusedHeading).toBeVisible();
  await expect(gone.body).toContainText('Only owners and compliance users can view the audit log.');
  await expect(gone.body).toContainText('Your role in this workspace is member.');
  // The console shell is around it: sidebar and workspace switcher.
  await expect(shell.nav).toBeVisible();
  await expect(shell.workspaceSwitcher).toBeVisible();
  await expect(page.getByText('This page could not be found')).toHaveCount(0);
  // The way back is a styled link to the Overview.
  await gone.homeLink.click();
  await shell.expectAt('overview', workspaceIds.sunshine);
});

test('a member opening Settings → Members and compliance opening a Source Debugger are told who can', async ({
  signedIn,
  apiAs,
  workspaceIds,
}) => {
  const ws = workspaceIds.sunshine;
  const member = await signedIn('member');
  expect((await member.page.goto(`/w/${ws}/settings/members`))?.status()).toBe(404);
  await expect(new UnavailablePage(member.page).body).toContainText(
    'Only owners and compliance users can view the members of this workspace.',
  );
  await expect(member.console.nav).toBeVisible();

  const list = await (await apiAs('compliance')).get(`/api/workspaces/${ws}/sources`);
  const { sources } = (await list.json()) as { sources: { id: string }[] };
  expect(sources.length).toBeGreaterThan(0);
  const compliance = await signedIn('compliance');
  expect((await compliance.page.goto(`/w/${ws}/sources/${sources[0].id}/debugger`))?.status()).toBe(404);
  const gone = new UnavailablePage(compliance.page);
  await expect(gone.refusedHeading).toBeVisible();
  await expect(gone.body).toContainText('Only owners and members can use the Source Debugger.');
  await expect(compliance.console.nav).toBeVisible();
});

test('an unknown id or a mistyped path says "not found" inside the shell, with no role message', async ({
  signedIn,
  workspaceIds,
}) => {
  const { page, console: shell } = await signedIn('owner');
  const gone = new UnavailablePage(page);
  for (const path of [
    `/w/${workspaceIds.sunshine}/sources/${MISSING}`,
    `/w/${workspaceIds.sunshine}/destinations/${MISSING}/settings`,
    `/w/${workspaceIds.sunshine}/sources/not-a-uuid/settings`,
    `/w/${workspaceIds.sunshine}/no-such-page`,
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(gone.notFoundHeading, path).toBeVisible();
    await expect(gone.body, path).toContainText('Nothing here was found in this workspace');
    await expect(gone.body, path).not.toContainText('Only ');
    await expect(shell.nav, path).toBeVisible();
    await expect(shell.workspaceSwitcher, path).toBeVisible();
  }
});

test('another workspace’s page is the generic 404: no shell, no role message, no name', async ({
  signedIn,
  workspaceIds,
}) => {
  // The member lacks members.read even where they belong; in a foreign workspace they must not learn that either.
  const { page } = await signedIn('member');
  const gone = new UnavailablePage(page);
  for (const path of [
    `/w/${workspaceIds.northwind}/audit`,
    `/w/${workspaceIds.northwind}/settings/members`,
    `/w/${workspaceIds.northwind}/sources/${MISSING}`,
    `/w/${MISSING}/overview`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(gone.notFoundHeading, path).toBeVisible();
    await expect(gone.body, path).toContainText('This page does not exist, or you do not have access to it.');
    await expect(gone.refusedHeading, path).toHaveCount(0);
    await expect(new ConsolePage(page).nav, path).toHaveCount(0);
    expect(await page.content(), path).not.toContain('Northwind Clinic');
    expect(await page.locator('body').innerText(), path).not.toContain('Only ');
  }
  // Styled, not Next's bare page: the way back is a link to the console.
  await gone.homeLink.click();
  await expect(page).toHaveURL(new RegExp(`/w/${workspaceIds.sunshine}/overview$`));
});
