import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { INBOX_WINDOW_DAYS, type InboxView, type RevealedSample } from '@/lib/schemas/privacy';
import { FIELD_SELECT, matcherKinds, sourceNames, summarize, type FieldRow } from '@/lib/server/privacy/field-rows';
import { maskedSample, openSample } from '@/lib/server/privacy/samples';

// Audit policy of the Privacy Portal (one rule, applied everywhere):
//   - Lists and details show sample values MASKED (type and length only) to every
//     role. No PHI leaves the server, so these reads write no audit row; logging each
//     background refetch would bury the rows that matter.
//   - Unmasked samples come only from revealSamples(), a deliberate action of a user
//     with 'pii.unmasked'. It is an audited read ('privacy.samples_viewed', naming the
//     key paths): the row is committed before any value is returned, and if it cannot
//     be written the user gets a 503 and no values.
//   - The inventory CSV carries no sample values but is an export of the PHI map, so
//     it is audited too ('privacy.inventory_exported').
// 'privacy.inbox_viewed' and 'privacy.inventory_viewed' are therefore not written.

const INBOX_LIMIT = 500;
const DAY_MS = 86_400_000;

export function inboxSince(now = new Date()): Date {
  return new Date(now.getTime() - INBOX_WINDOW_DAYS * DAY_MS);
}

async function seenAt(workspaceId: string, userId: string): Promise<Date | null> {
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { inboxSeenAt: true },
  });
  return m?.inboxSeenAt ?? null;
}

/** Unclassified fields of the Inbox window first seen after the viewer last opened the Inbox. */
export async function countNewInboxFields(ctx: WorkspaceCtx): Promise<number> {
  const db = await getDb();
  const since = await seenAt(ctx.workspace.id, ctx.user.id);
  return db.observedField.count({
    where: {
      workspaceId: ctx.workspace.id,
      classification: null,
      lastSeenAt: { gte: inboxSince() },
      ...(since ? { firstSeenAt: { gt: since } } : {}),
    },
  });
}

export async function listInbox(ctx: WorkspaceCtx): Promise<InboxView> {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const where = { workspaceId, classification: null, lastSeenAt: { gte: inboxSince() } };
  const previous = await seenAt(workspaceId, ctx.user.id);
  const [rows, total, newCount, names, kinds, ws] = await Promise.all([
    db.observedField.findMany({
      where,
      select: FIELD_SELECT,
      orderBy: [{ firstSeenAt: 'desc' }, { keyPath: 'asc' }],
      take: INBOX_LIMIT,
    }),
    db.observedField.count({ where }),
    db.observedField.count({ where: { ...where, ...(previous ? { firstSeenAt: { gt: previous } } : {}) } }),
    sourceNames(db, workspaceId),
    matcherKinds(db, workspaceId),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { quarantineNewFields: true } }),
  ]);
  return {
    fields: (rows as FieldRow[]).map((r) => ({
      id: r.id,
      keyPath: r.keyPath,
      normalizedKey: r.normalizedKey,
      suggestedColor: r.suggestedColor,
      matcherName: r.matcherName,
      matcherMatchOn: r.matcherName ? (kinds.get(r.matcherName) ?? null) : null,
      ...summarize(r, names),
      count: Number(r.count),
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      maskedSample: maskedSample(workspaceId, r.keyPath, r.sampleValueEnc),
      isNew: previous === null || r.firstSeenAt > previous,
    })),
    total,
    windowDays: INBOX_WINDOW_DAYS,
    previousSeenAt: previous?.toISOString() ?? null,
    newCount,
    quarantine: ws?.quarantineNewFields ?? false,
  };
}

/** The viewer opened the Inbox: the nav badge and banner count from now on. */
export async function markInboxSeen(ctx: WorkspaceCtx): Promise<{ seenAt: string }> {
  const db = await getDb();
  const now = new Date();
  await db.membership.updateMany({
    where: { workspaceId: ctx.workspace.id, userId: ctx.user.id },
    data: { inboxSeenAt: now },
  });
  return { seenAt: now.toISOString() };
}

/**
 * Unmasked sample values (Inbox or Inventory fields). Every requested id must be a
 * field of this workspace, otherwise nothing is logged or returned (404).
 */
export async function revealSamples(ctx: WorkspaceCtx, fieldIds: readonly string[]): Promise<RevealedSample[]> {
  const db = await getDb();
  const workspaceId = ctx.workspace.id;
  const ids = [...new Set(fieldIds)];
  const rows = await db.observedField.findMany({
    where: { workspaceId, id: { in: ids } },
    select: { id: true, keyPath: true, sampleValueEnc: true },
    orderBy: { keyPath: 'asc' },
  });
  if (rows.length !== ids.length) throw new AppError('not_found', 'Field not found.');
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'privacy.samples_viewed',
      targetType: 'observed_field',
      targetId: rows.length === 1 ? rows[0].id : workspaceId,
      changes: { fields: rows.slice(0, 50).map((r) => r.keyPath), count: rows.length },
    },
    async () =>
      rows.map((r) => ({
        fieldId: r.id,
        keyPath: r.keyPath,
        sample: openSample(workspaceId, r.keyPath, r.sampleValueEnc),
      })),
  );
}
