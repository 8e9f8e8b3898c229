// Audit Log filters a compliance officer can use: the Actor filter autocompletes
// from this workspace's people (keyboard-operable combobox), the Event type list
// offers only types written in this log, and the filters live in the URL (share,
// reload, Back/Forward, CSV export).
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/own-workspace';
import { AuditPage } from '../pages/audit-page';
import { auditDisplayName } from '../../lib/audit-events';

const OWNER_EMAIL = 'owner@sunshine-health.example';
const OWNER_LABEL = `Olivia Owner (${OWNER_EMAIL})`;

test('pick an actor from the keyboard; the URL carries the filter through reload, Back/Forward and sharing', async ({
  signedIn,
  apiAs,
  workspaceIds,
}) => {
  const ws = workspaceIds.sunshine;
  // Olivia opens the log once, so she is an actor in it whatever ran before.
  expect((await (await apiAs('owner')).get(`/api/workspaces/${ws}/audit?limit=1`)).status()).toBe(200);

  const { page } = await signedIn('compliance');
  const audit = new AuditPage(page);
  await audit.goto(ws);
  await expect(audit.actor).toHaveAttribute('aria-expanded', 'false');

  // Nobody from another workspace is offered.
  await audit.actor.fill('nora');
  await expect(audit.filters.getByText('No member or past actor matches “nora”.')).toBeVisible();
  await expect(audit.actorSuggestions).toHaveCount(0);
  // Escape closes the suggestions, a second Escape clears the field.
  await audit.actor.fill('carla');
  await expect(audit.actorSuggestions).toHaveText([/Carla Compliance/]);
  await page.keyboard.press('Escape');
  await expect(audit.actor).toHaveAttribute('aria-expanded', 'false');
  await expect(audit.actor).toHaveValue('carla');
  // Text that was never picked names nobody: Apply says so and filters nothing.
  const unfiltered = page.url();
  await audit.apply.click();
  await expect(audit.actor).toHaveAccessibleDescription('Pick an actor from the suggestions, or clear the field.');
  await expect(audit.actor).toHaveAttribute('aria-invalid', 'true');
  await expect(audit.actor).toBeFocused();
  expect(page.url()).toBe(unfiltered);
  await page.keyboard.press('Escape');
  await expect(audit.actor).toHaveValue('');
  await expect(audit.actor).not.toHaveAttribute('aria-invalid');

  // Part of her name, then Down and Enter to pick her, Enter again to apply.
  await audit.actor.pressSequentially('livia', { delay: 20 });
  await expect(audit.actorSuggestions).toHaveCount(1);
  await expect(audit.actorSuggestions).toHaveText(/^Olivia Owner\s*owner@sunshine-health\.example$/);
  await expect(audit.actor).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  const option = audit.actorSuggestions.first();
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(audit.actor).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  // The open combobox passes axe (WCAG 2.1 A/AA): no serious or critical violation in the filter bar.
  const { violations } = await new AxeBuilder({ page })
    .include('form[aria-label="Filter the audit log"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(audit.actor).toHaveValue(OWNER_LABEL);
  await expect(audit.actor).toHaveAttribute('aria-expanded', 'false');
  await expect(audit.actor).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/audit\?actorUserId=[0-9a-f-]{36}$/);
  await audit.settled();
  const ownerId = new URL(page.url()).searchParams.get('actorUserId')!;
  const onlyOlivia = async (a: AuditPage) => {
    await expect(a.rows.first()).toBeVisible();
    await expect.poll(async () => [...new Set(await a.actorsShown())]).toEqual(['Olivia Owner']);
  };
  await onlyOlivia(audit);
  // The server agrees: the filter is her user id, and the export link carries it.
  const members = (await (await page.request.get(`/api/workspaces/${ws}/members`)).json()) as {
    members: { userId: string; email: string }[];
  };
  expect(members.members.find((m) => m.email === OWNER_EMAIL)?.userId).toBe(ownerId);
  await expect(audit.exportLink).toHaveAttribute('href', `/api/workspaces/${ws}/audit/export?actorUserId=${ownerId}`);
  const filteredUrl = page.url();

  // Reload keeps the filter, and the field names her again.
  await page.reload();
  await audit.loaded();
  await expect(page).toHaveURL(filteredUrl);
  await expect(audit.actor).toHaveValue(OWNER_LABEL);
  await onlyOlivia(audit);

  // Back to the unfiltered log (Carla's own views are there again), Forward to the filter.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/w/${ws}/audit$`));
  await expect(audit.actor).toHaveValue('');
  await expect.poll(async () => await audit.actorsShown()).toContain('Carla Compliance');
  await page.goForward();
  await expect(page).toHaveURL(filteredUrl);
  await expect(audit.actor).toHaveValue(OWNER_LABEL);
  await onlyOlivia(audit);

  // The shared URL, opened by someone else in a fresh browser, shows the same filtered view.
  const other = await signedIn('owner');
  const shared = new AuditPage(other.page);
  await other.page.goto(filteredUrl);
  await shared.loaded();
  await expect(shared.actor).toHaveValue(OWNER_LABEL);
  await onlyOlivia(shared);
  await expect(shared.exportLink).toHaveAttribute('href', `/api/workspaces/${ws}/audit/export?actorUserId=${ownerId}`);
});

test('the event type list offers only the types written in this workspace, and follows the log', async ({
  ownWorkspace,
  db,
}) => {
  const { id: ws, page, api } = await ownWorkspace();
  const audit = new AuditPage(page);
  await audit.goto(ws);
  // A new workspace has written its creation and this view, nothing else.
  await expect.poll(() => audit.eventTypeChoices()).toEqual(['Workspace Created', 'Audit Log Viewed']);
  if (db) {
    const written = await db.query<{ t: string }>(
      `SELECT DISTINCT "eventType" AS t FROM "AuditLog" WHERE "workspaceId" = $1::uuid`,
      [ws],
    );
    expect((await audit.eventTypeChoices()).sort()).toEqual(written.map((r) => auditDisplayName(r.t)).sort());
  }

  // Renaming the workspace writes a new type: the list offers it on the next visit.
  const renamed = await api.patch(`/api/workspaces/${ws}`, { data: { name: `Renamed ${ws.slice(0, 6)}` } });
  expect(renamed.status(), await renamed.text()).toBe(200);
  await page.reload();
  await audit.loaded();
  await expect
    .poll(() => audit.eventTypeChoices())
    .toEqual(['Workspace Created', 'Workspace Renamed', 'Audit Log Viewed']);

  await audit.eventType.selectOption({ label: 'Workspace Renamed' });
  await audit.applyFilters();
  await expect(page).toHaveURL(/\/audit\?eventType=workspace\.renamed$/);
  await expect.poll(() => audit.eventsShown()).toEqual(['Workspace Renamed']);
  // A fresh page on that URL shows the same view, the select naming the filter.
  const fresh = await page.context().newPage();
  const again = new AuditPage(fresh);
  await fresh.goto(page.url());
  await again.loaded();
  await expect(again.eventType).toHaveValue('workspace.renamed');
  await expect.poll(() => again.eventsShown()).toEqual(['Workspace Renamed']);
});
