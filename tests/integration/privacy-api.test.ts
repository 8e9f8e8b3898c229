// The Privacy Portal API through the real route handlers: session cookie,
// membership (404 for other tenants), permission (403), zod input, audit rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { recordObservedFields } from '@/lib/server/privacy/observe';
import { GET as inboxRoute } from '@/app/api/workspaces/[workspaceId]/privacy/inbox/route';
import { POST as seenRoute } from '@/app/api/workspaces/[workspaceId]/privacy/inbox/seen/route';
import { GET as inventoryRoute } from '@/app/api/workspaces/[workspaceId]/privacy/inventory/route';
import { GET as exportRoute } from '@/app/api/workspaces/[workspaceId]/privacy/inventory/export/route';
import { GET as fieldRoute } from '@/app/api/workspaces/[workspaceId]/privacy/fields/[fieldId]/route';
import { PUT as classifyRoute } from '@/app/api/workspaces/[workspaceId]/privacy/fields/[fieldId]/classification/route';
import { POST as samplesRoute } from '@/app/api/workspaces/[workspaceId]/privacy/samples/route';
import { PUT as quarantineRoute } from '@/app/api/workspaces/[workspaceId]/privacy/quarantine/route';
import { GET as controlsRoute } from '@/app/api/workspaces/[workspaceId]/privacy/controls/route';
import type {
  FieldDetailView,
  InboxView,
  InventoryFieldView,
  PrivacyControlsView,
  RevealedSample,
} from '@/lib/schemas/privacy';

const db = useServerDb();
let ws: string;
let other: string;
let source: string;
let otherFieldId: string;

async function feed(workspace: string, sourceId: string, eventName: string, payload: unknown) {
  const c = await loadClassifier(workspace);
  await recordObservedFields({ workspaceId: workspace, sourceId, eventName, fields: c.classifyEvent(payload) });
}

const fieldId = async (keyPath: string, workspace = ws) =>
  (
    await db.current.prisma.observedField.findUniqueOrThrow({
      where: { workspaceId_keyPath: { workspaceId: workspace, keyPath } },
    })
  ).id;
const auditCount = (eventType: string) => db.current.prisma.auditLog.count({ where: { workspaceId: ws, eventType } });

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_privacy_api' });
  ws = await workspaceId('sunshine-health');
  other = await workspaceId('northwind-clinic');
  source = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  const otherSource = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: other } })).id;
  await feed(ws, source, 'Appointment Booked', {
    properties: {
      email: 'jane.doe@example.com',
      diagnosis: 'E11.9',
      clinic: '=HYPERLINK("http://evil")',
      visit_type: 'follow-up',
    },
    context: { traits: { firstName: 'Jane' } },
  });
  await feed(other, otherSource, 'Other Tenant', { properties: { northwind_secret: 'nw-value' } });
  otherFieldId = await fieldId('properties.northwind_secret', other);
});

describe('inbox', () => {
  it('lists unclassified fields with masked samples, sources, events and the matcher', async () => {
    const res = await callRoute<InboxView>(inboxRoute, { as: DEMO.member, params: { workspaceId: ws } });
    expect(res.status).toBe(200);
    const email = res.body.fields.find((f) => f.keyPath === 'properties.email')!;
    expect(email).toMatchObject({
      suggestedColor: 'yellow',
      matcherName: 'Email',
      matcherMatchOn: 'key',
      events: ['Appointment Booked'],
      sources: [{ id: source, name: 'Patient Portal (HTTP API)' }],
      count: 1,
      isNew: true,
      maskedSample: '•••••••• (20 chars)',
    });
    expect(res.text).not.toContain('jane.doe');
    expect(res.text).not.toContain('northwind');
    expect(res.body.windowDays).toBe(7);
    expect(res.body.newCount).toBe(res.body.total);
  });

  it('marks the inbox seen per member: the "new" count drops to 0 for that member only', async () => {
    expect((await callRoute(seenRoute, { as: DEMO.owner, method: 'POST', params: { workspaceId: ws } })).status).toBe(
      200,
    );
    expect(
      (await callRoute<InboxView>(inboxRoute, { as: DEMO.owner, params: { workspaceId: ws } })).body.newCount,
    ).toBe(0);
    expect(
      (await callRoute<InboxView>(inboxRoute, { as: DEMO.compliance, params: { workspaceId: ws } })).body.newCount,
    ).toBeGreaterThan(0);
  });
});

describe('samples', () => {
  it('reveals unmasked samples to the owner, after committing "privacy.samples_viewed"', async () => {
    const id = await fieldId('properties.email');
    const before = await auditCount('privacy.samples_viewed');
    const res = await callRoute<{ samples: RevealedSample[] }>(samplesRoute, {
      as: DEMO.owner,
      method: 'POST',
      params: { workspaceId: ws },
      body: { fieldIds: [id] },
    });
    expect(res.status).toBe(200);
    expect(res.body.samples).toEqual([{ fieldId: id, keyPath: 'properties.email', sample: 'jane.doe@example.com' }]);
    expect(await auditCount('privacy.samples_viewed')).toBe(before + 1);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'privacy.samples_viewed' },
      orderBy: { seq: 'desc' },
    });
    expect(row).toMatchObject({ targetType: 'observed_field', targetId: id });
    expect(row.changes).toEqual({ fields: ['properties.email'], count: 1 });
    expect(JSON.stringify(row.changes)).not.toContain('jane');
  });

  it('refuses members without PII access (403) and allows them once granted', async () => {
    const id = await fieldId('properties.email');
    const body = { fieldIds: [id] };
    expect(
      (await callRoute(samplesRoute, { as: DEMO.member, method: 'POST', params: { workspaceId: ws }, body })).status,
    ).toBe(403);
    expect(
      (await callRoute(samplesRoute, { as: DEMO.compliance, method: 'POST', params: { workspaceId: ws }, body }))
        .status,
    ).toBe(403);
    const member = await db.current.prisma.user.findUniqueOrThrow({ where: { email: DEMO.member } });
    await db.current.prisma.membership.updateMany({
      where: { workspaceId: ws, userId: member.id },
      data: { piiAccess: true },
    });
    try {
      const res = await callRoute<{ samples: RevealedSample[] }>(samplesRoute, {
        as: DEMO.member,
        method: 'POST',
        params: { workspaceId: ws },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.body.samples[0].sample).toBe('jane.doe@example.com');
    } finally {
      await db.current.prisma.membership.updateMany({
        where: { workspaceId: ws, userId: member.id },
        data: { piiAccess: false },
      });
    }
  });

  it("answers 404 for another workspace's field and logs nothing", async () => {
    const before = await auditCount('privacy.samples_viewed');
    const res = await callRoute(samplesRoute, {
      as: DEMO.owner,
      method: 'POST',
      params: { workspaceId: ws },
      body: { fieldIds: [otherFieldId] },
    });
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('nw-value');
    expect(await auditCount('privacy.samples_viewed')).toBe(before);
  });

  it('returns 503 and no values when the audit row cannot be written', async () => {
    await db.current.raw
      .exec(`CREATE FUNCTION test_audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated'; END $$;
      CREATE TRIGGER test_audit_fail BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_audit_fail();`);
    try {
      const res = await callRoute(samplesRoute, {
        as: DEMO.owner,
        method: 'POST',
        params: { workspaceId: ws },
        body: { fieldIds: [await fieldId('properties.email')] },
      });
      expect(res.status).toBe(503);
      expect(res.text).not.toContain('jane.doe');
    } finally {
      await db.current.raw.exec(
        'DROP TRIGGER IF EXISTS test_audit_fail ON "AuditLog"; DROP FUNCTION IF EXISTS test_audit_fail();',
      );
    }
  });

  it('rejects malformed input with 400', async () => {
    const res = await callRoute<{ error: { message: string } }>(samplesRoute, {
      as: DEMO.owner,
      method: 'POST',
      params: { workspaceId: ws },
      body: { fieldIds: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/at least one/);
  });
});

describe('classification and inventory', () => {
  it('lets the owner add an Inbox field to the Inventory, audited and forward-looking', async () => {
    const id = await fieldId('properties.diagnosis');
    const res = await callRoute(classifyRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws, fieldId: id },
      body: { color: 'red' },
    });
    expect(res.status).toBe(200);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'privacy.field_classified' },
      orderBy: { seq: 'desc' },
    });
    expect(row.changes).toMatchObject({
      keyPath: 'properties.diagnosis',
      before: { classification: null },
      after: { classification: 'red' },
      from: 'inbox',
    });
    expect((await loadClassifier(ws)).colorForPath('properties.diagnosis')).toEqual({ color: 'red', matcher: null });
    const inbox = await callRoute<InboxView>(inboxRoute, { as: DEMO.owner, params: { workspaceId: ws } });
    expect(inbox.body.fields.map((f) => f.keyPath)).not.toContain('properties.diagnosis');
    // The same colour again changes nothing and logs nothing.
    const before = await auditCount('privacy.field_classified');
    await callRoute(classifyRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws, fieldId: id },
      body: { color: 'red' },
    });
    expect(await auditCount('privacy.field_classified')).toBe(before);
  });

  it("refuses member and compliance (403), other tenants' fields (404) and bad colours (400)", async () => {
    const id = await fieldId('properties.email');
    for (const as of [DEMO.member, DEMO.compliance]) {
      expect(
        (
          await callRoute(classifyRoute, {
            as,
            method: 'PUT',
            params: { workspaceId: ws, fieldId: id },
            body: { color: 'green' },
          })
        ).status,
      ).toBe(403);
    }
    expect(
      (
        await callRoute(classifyRoute, {
          as: DEMO.owner,
          method: 'PUT',
          params: { workspaceId: ws, fieldId: otherFieldId },
          body: { color: 'green' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(classifyRoute, {
          as: DEMO.otherOwner,
          method: 'PUT',
          params: { workspaceId: ws, fieldId: id },
          body: { color: 'green' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(classifyRoute, {
          as: DEMO.owner,
          method: 'PUT',
          params: { workspaceId: ws, fieldId: 'nope' },
          body: { color: 'green' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(classifyRoute, {
          as: DEMO.owner,
          method: 'PUT',
          params: { workspaceId: ws, fieldId: id },
          body: { color: 'purple' },
        })
      ).status,
    ).toBe(400);
  });

  it('filters the inventory by colour and source; the detail shows destinations and treatments', async () => {
    await callRoute(classifyRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws, fieldId: await fieldId('properties.email') },
      body: { color: 'yellow' },
    });
    await callRoute(classifyRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws, fieldId: await fieldId('properties.clinic') },
      body: { color: 'green' },
    });
    const all = await callRoute<{ fields: InventoryFieldView[] }>(inventoryRoute, {
      as: DEMO.compliance,
      params: { workspaceId: ws },
    });
    expect(all.body.fields.map((f) => [f.keyPath, f.classification])).toEqual([
      ['properties.clinic', 'green'],
      ['properties.diagnosis', 'red'],
      ['properties.email', 'yellow'],
    ]);
    expect(all.body.fields[2]).toMatchObject({ classifiedBy: 'Olivia Owner', sources: [{ id: source }] });
    const red = await callRoute<{ fields: InventoryFieldView[] }>(inventoryRoute, {
      as: DEMO.member,
      params: { workspaceId: ws },
      path: '/x?color=red',
    });
    expect(red.body.fields.map((f) => f.keyPath)).toEqual(['properties.diagnosis']);
    const bySource = await callRoute<{ fields: InventoryFieldView[] }>(inventoryRoute, {
      as: DEMO.member,
      params: { workspaceId: ws },
      path: `/x?sourceId=${source}`,
    });
    expect(bySource.body.fields).toHaveLength(3);
    const otherSource = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: other } })).id;
    expect(
      (
        await callRoute(inventoryRoute, {
          as: DEMO.member,
          params: { workspaceId: ws },
          path: `/x?sourceId=${otherSource}`,
        })
      ).status,
    ).toBe(404);
    expect(
      (await callRoute(inventoryRoute, { as: DEMO.member, params: { workspaceId: ws }, path: '/x?color=blue' })).status,
    ).toBe(400);

    const dest = await db.current.prisma.destination.create({
      data: {
        workspaceId: ws,
        sourceId: source,
        catalogId: 'webhook',
        name: 'Analytics Webhook',
        encryptionEnabled: true,
        encryptedFields: ['email'],
      },
    });
    const blocked = await db.current.prisma.destination.create({
      data: { workspaceId: ws, sourceId: source, catalogId: 'webhook', name: 'Blocked Webhook' },
    });
    const email = await callRoute<FieldDetailView>(fieldRoute, {
      as: DEMO.member,
      params: { workspaceId: ws, fieldId: await fieldId('properties.email') },
    });
    expect(email.status).toBe(200);
    expect(email.body.field.maskedSample).toBe('•••••••• (20 chars)');
    expect(email.text).not.toContain('jane.doe');
    expect(email.body.perSource).toEqual([expect.objectContaining({ id: source, count: 1, blockRed: false })]);
    expect(email.body.events).toEqual([expect.objectContaining({ eventName: 'Appointment Booked', count: 1 })]);
    expect(Object.fromEntries(email.body.destinations.map((d) => [d.name, d.treatment]))).toEqual({
      'Analytics Webhook': 'encrypted',
      'Blocked Webhook': 'clear',
    });
    await db.current.prisma.source.update({ where: { id: source }, data: { blockRed: true } });
    const diag = await callRoute<FieldDetailView>(fieldRoute, {
      as: DEMO.member,
      params: { workspaceId: ws, fieldId: await fieldId('properties.diagnosis') },
    });
    expect(diag.body.destinations.every((d) => d.treatment === 'dropped')).toBe(true);
    await db.current.prisma.source.update({ where: { id: source }, data: { blockRed: false } });
    await db.current.prisma.destination.deleteMany({ where: { id: { in: [dest.id, blocked.id] } } });
    expect(
      (await callRoute(fieldRoute, { as: DEMO.owner, params: { workspaceId: ws, fieldId: otherFieldId } })).status,
    ).toBe(404);
  });
});

describe('CSV export', () => {
  it('exports the whole inventory, audited, with no sample values and formula-safe cells', async () => {
    const before = await auditCount('privacy.inventory_exported');
    const res = await callRoute(exportRoute, {
      as: DEMO.compliance,
      params: { workspaceId: ws },
      path: '/x?color=red',
    });
    expect(res.status).toBe(200);
    expect(await auditCount('privacy.inventory_exported')).toBe(before + 1);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'key_path,normalized_key,classification,suggested_classification,matcher,sources,events,event_count,first_seen_utc,last_seen_utc,classified_by,classified_at_utc',
    );
    expect(lines).toHaveLength(4); // UI filters are ignored: all three classified fields
    expect(res.text).not.toContain('jane.doe');
    expect(res.text).not.toContain('HYPERLINK');
    expect(lines.find((l) => l.startsWith('properties.email'))).toContain(
      ',yellow,yellow,Email,Patient Portal (HTTP API),Appointment Booked,1,',
    );
  });

  it('guards cells that a spreadsheet would run as formulas', async () => {
    await feed(ws, source, '=cmd|calc', { properties: { '@sum': 'x' } });
    await callRoute(classifyRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws, fieldId: await fieldId('properties.@sum') },
      body: { color: 'green' },
    });
    const res = await callRoute(exportRoute, { as: DEMO.owner, params: { workspaceId: ws } });
    const line = res.text.split('\r\n').find((l) => l.includes('@sum'))!;
    expect(line).toContain(",'=cmd|calc,");
    expect(line.startsWith('properties.@sum')).toBe(true);
  });

  it('is a 404 for another tenant', async () => {
    expect((await callRoute(exportRoute, { as: DEMO.otherOwner, params: { workspaceId: ws } })).status).toBe(404);
  });
});

describe('privacy controls', () => {
  it('owner toggles quarantine (audited as a workspace setting); others are refused', async () => {
    const before = await auditCount('workspace.settings_modified');
    expect(
      (
        await callRoute(quarantineRoute, {
          as: DEMO.member,
          method: 'PUT',
          params: { workspaceId: ws },
          body: { enabled: true },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(quarantineRoute, {
          as: DEMO.otherOwner,
          method: 'PUT',
          params: { workspaceId: ws },
          body: { enabled: true },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(quarantineRoute, {
          as: DEMO.owner,
          method: 'PUT',
          params: { workspaceId: ws },
          body: { enabled: true },
        })
      ).status,
    ).toBe(200);
    expect(await auditCount('workspace.settings_modified')).toBe(before + 1);
    const controls = await callRoute<PrivacyControlsView>(controlsRoute, {
      as: DEMO.compliance,
      params: { workspaceId: ws },
    });
    expect(controls.body).toEqual({
      quarantineNewFields: true,
      sources: [expect.objectContaining({ id: source, blockRed: false })],
    });
    expect((await loadClassifier(ws)).quarantine).toBe(true);
    const detail = await callRoute<FieldDetailView>(fieldRoute, {
      as: DEMO.owner,
      params: { workspaceId: ws, fieldId: await fieldId('properties.visit_type') },
    });
    expect(detail.body).toMatchObject({ effectiveColor: 'yellow', quarantined: true });
    await callRoute(quarantineRoute, {
      as: DEMO.owner,
      method: 'PUT',
      params: { workspaceId: ws },
      body: { enabled: false },
    });
    expect(await auditCount('workspace.settings_modified')).toBe(before + 2);
  });

  it('every privacy API answers 404 to a non-member and 401 without a session', async () => {
    for (const handler of [inboxRoute, inventoryRoute, controlsRoute]) {
      expect((await callRoute(handler, { as: DEMO.otherOwner, params: { workspaceId: ws } })).status).toBe(404);
      expect((await callRoute(handler, { as: null, params: { workspaceId: ws } })).status).toBe(401);
    }
  });
});
