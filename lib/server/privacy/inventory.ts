import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { auditedChange } from '@/lib/server/audit/change';
import { csvLine } from '@/lib/server/audit-log/csv';
import { treatmentOf } from '@/lib/destinations/exposure';
import { normalizeKey } from '@/lib/privacy/normalize';
import { COLOR_RANK } from '@/lib/privacy/types';
import type { ColorId, FieldDetailView, InventoryFieldView, InventoryFilter } from '@/lib/schemas/privacy';
import {
  assertSourceInWorkspace,
  FIELD_SELECT,
  sourceNames,
  summarize,
  type FieldRow,
} from '@/lib/server/privacy/field-rows';
import { maskedSample } from '@/lib/server/privacy/samples';
import { invalidateClassifier } from '@/lib/server/privacy/classifier';

// The Inventory: fields an owner classified (ObservedField.classification not null),
// whatever their age. Reclassifying works the same way as classifying from the Inbox.

async function userNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((u) => [u.id, u.name]));
}

function inventoryView(
  r: FieldRow,
  names: ReadonlyMap<string, string>,
  users: ReadonlyMap<string, string>,
): InventoryFieldView {
  return {
    id: r.id,
    keyPath: r.keyPath,
    normalizedKey: r.normalizedKey,
    classification: r.classification as ColorId,
    suggestedColor: r.suggestedColor,
    matcherName: r.matcherName,
    ...summarize(r, names),
    count: Number(r.count),
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    classifiedAt: r.classifiedAt?.toISOString() ?? null,
    classifiedBy: r.classifiedById ? (users.get(r.classifiedById) ?? null) : null,
  };
}

async function inventoryRows(workspaceId: string, filter: InventoryFilter = {}): Promise<FieldRow[]> {
  const db = await getDb();
  return (await db.observedField.findMany({
    where: {
      workspaceId,
      classification: filter.color ? filter.color : { not: null },
      ...(filter.sourceId ? { occurrences: { some: { workspaceId, sourceId: filter.sourceId } } } : {}),
    },
    select: FIELD_SELECT,
    orderBy: { keyPath: 'asc' },
  })) as FieldRow[];
}

export async function listInventory(
  ctx: WorkspaceCtx,
  filter: InventoryFilter,
): Promise<{ fields: InventoryFieldView[] }> {
  const db = await getDb();
  if (filter.sourceId) await assertSourceInWorkspace(db, ctx.workspace.id, filter.sourceId);
  const [rows, names] = await Promise.all([inventoryRows(ctx.workspace.id, filter), sourceNames(db, ctx.workspace.id)]);
  const users = await userNames(rows.map((r) => r.classifiedById));
  return { fields: rows.map((r) => inventoryView(r, names, users)) };
}

function effectiveColor(r: Pick<FieldRow, 'classification' | 'suggestedColor'>, quarantine: boolean): ColorId | null {
  if (r.classification) return r.classification;
  if (!quarantine) return r.suggestedColor;
  return r.suggestedColor && COLOR_RANK[r.suggestedColor] > COLOR_RANK.yellow ? r.suggestedColor : 'yellow';
}

/** One field (Inbox or Inventory): where it is seen and what each connected destination receives. */
export async function getFieldDetail(ctx: WorkspaceCtx, fieldId: string): Promise<FieldDetailView> {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const row = (await db.observedField.findFirst({
    where: { id: fieldId, workspaceId },
    select: FIELD_SELECT,
  })) as FieldRow | null;
  if (!row) throw new AppError('not_found', 'Field not found.');
  const sourceIds = [...new Set(row.occurrences.map((o) => o.sourceId))];
  const [sources, destinations, ws, users] = await Promise.all([
    db.source.findMany({
      where: { workspaceId, id: { in: sourceIds } },
      select: { id: true, name: true, blockRed: true },
      orderBy: { name: 'asc' },
    }),
    db.destination.findMany({
      where: { workspaceId, sourceId: { in: sourceIds } },
      select: {
        id: true,
        name: true,
        enabled: true,
        catalogId: true,
        sourceId: true,
        baaOverride: true,
        encryptionEnabled: true,
        encryptedFields: true,
        hashingEnabled: true,
        hashedFields: true,
      },
      orderBy: { name: 'asc' },
    }),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { quarantineNewFields: true } }),
    userNames([row.classifiedById]),
  ]);
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const quarantine = ws?.quarantineNewFields ?? false;
  const color = effectiveColor(row, quarantine);

  const perSource = sources.map((s) => {
    const occ = row.occurrences.filter((o) => o.sourceId === s.id);
    const last = occ.reduce((m, o) => (o.lastSeenAt > m ? o.lastSeenAt : m), new Date(0));
    return {
      id: s.id,
      name: s.name,
      count: Number(occ.reduce((n, o) => n + o.count, BigInt(0))),
      lastSeenAt: last.toISOString(),
      blockRed: s.blockRed,
    };
  });
  const byEvent = new Map<string, { count: bigint; last: Date; sources: Set<string> }>();
  for (const o of row.occurrences) {
    const e = byEvent.get(o.eventName) ?? { count: BigInt(0), last: new Date(0), sources: new Set<string>() };
    e.count += o.count;
    if (o.lastSeenAt > e.last) e.last = o.lastSeenAt;
    e.sources.add(o.sourceId);
    byEvent.set(o.eventName, e);
  }
  const events = [...byEvent.entries()]
    .sort((a, b) => (b[1].count > a[1].count ? 1 : b[1].count < a[1].count ? -1 : a[0].localeCompare(b[0])))
    .map(([eventName, e]) => ({
      eventName,
      count: Number(e.count),
      lastSeenAt: e.last.toISOString(),
      sources: [...e.sources].flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])),
    }));
  const blockRed = new Map(sources.map((s) => [s.id, { id: s.id, blockRed: s.blockRed }]));
  // Same rules as the PHI blast radius and the delivery transform: normalised keys,
  // encryption before hashing, Red + "block at source" means never stored. The blast
  // radius only models Red/Yellow fields; other colours are passed as Yellow, which is
  // exact for everything but the Red-only blocking rule.
  const blastField = {
    id: row.id,
    keyPath: row.keyPath,
    normalizedKey: row.normalizedKey,
    classification: color === 'red' ? ('red' as const) : ('yellow' as const),
    sourceIds,
  };
  const dests = destinations.map((d) => ({
    id: d.id,
    name: d.name,
    catalogId: d.catalogId,
    enabled: d.enabled,
    source: { id: d.sourceId, name: names.get(d.sourceId) ?? '' },
    treatment: treatmentOf(
      blastField,
      d,
      blockRed.get(d.sourceId),
      new Set(d.encryptedFields.map(normalizeKey)),
      new Set(d.hashedFields.map(normalizeKey)),
    ),
  }));
  return {
    field: {
      id: row.id,
      keyPath: row.keyPath,
      normalizedKey: row.normalizedKey,
      classification: row.classification,
      suggestedColor: row.suggestedColor,
      matcherName: row.matcherName,
      sources: perSource.map((s) => ({ id: s.id, name: s.name })),
      events: summarize(row, names).events,
      count: Number(row.count),
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      classifiedAt: row.classifiedAt?.toISOString() ?? null,
      classifiedBy: row.classifiedById ? (users.get(row.classifiedById) ?? null) : null,
      maskedSample: maskedSample(workspaceId, row.keyPath, row.sampleValueEnc),
    },
    effectiveColor: color,
    quarantined: quarantine && row.classification === null,
    perSource,
    events,
    destinations: dests,
  };
}

/**
 * Owner decision (Inbox "Add to Inventory", or reclassify). Forward-looking: it
 * changes how events processed from now on are treated; stored events are untouched.
 * Choosing the colour the field already has changes nothing and logs nothing.
 */
export async function classifyField(
  ctx: WorkspaceCtx,
  fieldId: string,
  color: ColorId,
): Promise<{ id: string; keyPath: string; classification: ColorId }> {
  const out = await auditedChange(ctx, 'privacy.field_classified', async (tx, audit) => {
    const before = await tx.observedField.findFirst({
      where: { id: fieldId, workspaceId: ctx.workspace.id },
      select: { id: true, keyPath: true, classification: true, suggestedColor: true, matcherName: true },
    });
    if (!before) throw new AppError('not_found', 'Field not found.');
    if (before.classification === color)
      return { id: before.id, keyPath: before.keyPath, classification: color, changed: false };
    await tx.observedField.updateMany({
      where: { id: fieldId, workspaceId: ctx.workspace.id },
      data: { classification: color, classifiedById: ctx.user.id, classifiedAt: new Date() },
    });
    audit.record({
      target: { type: 'observed_field', id: before.id },
      changes: {
        keyPath: before.keyPath,
        before: { classification: before.classification },
        after: { classification: color },
        suggested: before.suggestedColor,
        matcher: before.matcherName,
        from: before.classification === null ? 'inbox' : 'inventory',
      },
    });
    return { id: before.id, keyPath: before.keyPath, classification: color, changed: true };
  });
  if (out.changed) invalidateClassifier(ctx.workspace.id);
  return { id: out.id, keyPath: out.keyPath, classification: out.classification };
}

const CSV_HEADER = [
  'key_path',
  'normalized_key',
  'classification',
  'suggested_classification',
  'matcher',
  'sources',
  'events',
  'event_count',
  'first_seen_utc',
  'last_seen_utc',
  'classified_by',
  'classified_at_utc',
] as const;

/**
 * The whole Inventory as CSV, ignoring UI filters (as Segment's "Download CSV").
 * No sample values, ever. Audited before any byte is returned.
 */
export async function exportInventoryCsv(ctx: WorkspaceCtx): Promise<{ csv: string; filename: string }> {
  const db = await getDb();
  const csv = await auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'privacy.inventory_exported',
      targetType: 'privacy_inventory',
      targetId: ctx.workspace.id,
      changes: { format: 'csv', filters: 'none' },
    },
    async () => {
      const [rows, names] = await Promise.all([inventoryRows(ctx.workspace.id), sourceNames(db, ctx.workspace.id)]);
      const users = await userNames(rows.map((r) => r.classifiedById));
      let out = csvLine(CSV_HEADER);
      for (const r of rows) {
        const v = inventoryView(r, names, users);
        out += csvLine([
          v.keyPath,
          v.normalizedKey,
          v.classification,
          v.suggestedColor,
          v.matcherName,
          v.sources.map((s) => s.name).join('; '),
          v.events.join('; '),
          String(v.count),
          v.firstSeenAt,
          v.lastSeenAt,
          v.classifiedBy,
          v.classifiedAt,
        ]);
      }
      return out;
    },
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return { csv, filename: `privacy-inventory-${ctx.workspace.slug}-${stamp}.csv` };
}
