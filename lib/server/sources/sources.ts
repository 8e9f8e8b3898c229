import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { generateWriteKey, hashWriteKey, writeKeyPrefix } from '@/lib/server/sources/write-keys';
import {
  deleteDestinationRows,
  recordDestinationRemoved,
  REMOVED_DESTINATION_SELECT,
} from '@/lib/server/destinations/delete';
import {
  GRACE_PERIODS,
  type GracePeriod,
  type RotatedWriteKey,
  type SourceTypeId,
  type SourceView,
  type WithWriteKey,
  type WriteKeyView,
} from '@/lib/schemas/sources';

// The view types are the response schemas' (lib/schemas/sources.ts): what a route may send.
export type { SourceView, WriteKeyView };

const SOURCE_SELECT = (now: Date) => ({
  id: true,
  name: true,
  type: true,
  enabled: true,
  blockRed: true,
  createdAt: true,
  writeKeys: {
    where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: 'desc' as const },
    select: { prefix: true, createdAt: true, expiresAt: true },
  },
  destinations: { orderBy: { name: 'asc' as const }, select: { id: true, name: true } },
});

type SourceRow = {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  blockRed: boolean;
  createdAt: Date;
  writeKeys: { prefix: string; createdAt: Date; expiresAt: Date | null }[];
  destinations: { id: string; name: string }[];
};

function keyView(k: SourceRow['writeKeys'][number]): WriteKeyView {
  return { prefix: k.prefix, createdAt: k.createdAt.toISOString(), expiresAt: k.expiresAt?.toISOString() ?? null };
}

function sourceView(s: SourceRow): SourceView {
  const current = s.writeKeys.find((k) => k.expiresAt === null) ?? null;
  return {
    id: s.id,
    name: s.name,
    type: s.type as SourceTypeId,
    enabled: s.enabled,
    blockRed: s.blockRed,
    createdAt: s.createdAt.toISOString(),
    writeKey: current && keyView(current),
    previousKeys: s.writeKeys.filter((k) => k !== current).map(keyView),
    destinations: s.destinations,
  };
}

export async function listSources(ctx: WorkspaceCtx): Promise<SourceView[]> {
  const db = await getDb();
  const rows = await db.source.findMany({
    where: { workspaceId: ctx.workspace.id },
    orderBy: { name: 'asc' },
    select: SOURCE_SELECT(new Date()),
  });
  return rows.map(sourceView);
}

export async function getSource(ctx: WorkspaceCtx, sourceId: string, db?: Tx): Promise<SourceView> {
  const client = db ?? (await getDb());
  const row = await client.source.findFirst({
    where: { id: sourceId, workspaceId: ctx.workspace.id },
    select: SOURCE_SELECT(new Date()),
  });
  if (!row) throw new AppError('not_found', 'Source not found.');
  return sourceView(row);
}

/** Names are unique per workspace ignoring case, so "Web" and "web" cannot both exist. */
async function assertNameFree(tx: Tx, ctx: WorkspaceCtx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.source.findFirst({
    where: {
      workspaceId: ctx.workspace.id,
      name: { equals: name, mode: 'insensitive' },
      ...(exceptId ? { NOT: { id: exceptId } } : {}),
    },
    select: { id: true },
  });
  if (clash)
    throw new AppError('conflict', `A source named "${name}" already exists in this workspace.`, {
      fields: [{ path: 'name', message: 'This name is already taken.' }],
    });
}

async function insertWriteKey(tx: Tx, workspaceId: string, sourceId: string): Promise<string> {
  const key = generateWriteKey();
  await tx.writeKey.create({
    data: { workspaceId, sourceId, keyHash: hashWriteKey(key), prefix: writeKeyPrefix(key) },
  });
  return key;
}

/** The write key is returned here once and never again: only its hash is stored. */
export async function createSource(
  ctx: WorkspaceCtx,
  input: { name: string; type: SourceTypeId },
): Promise<WithWriteKey> {
  return auditedChange(ctx, 'source.created', async (tx, audit) => {
    await assertNameFree(tx, ctx, input.name);
    const created = await uniqueOr409('That source name', () =>
      tx.source.create({
        data: { workspaceId: ctx.workspace.id, name: input.name, type: input.type },
        select: { id: true },
      }),
    );
    const writeKey = await insertWriteKey(tx, ctx.workspace.id, created.id);
    const source = await getSource(ctx, created.id, tx);
    audit.record({ target: { type: 'source', id: created.id }, changes: { name: input.name, type: input.type } });
    return { source, writeKey };
  });
}

export async function updateSource(
  ctx: WorkspaceCtx,
  sourceId: string,
  input: { name?: string; enabled?: boolean },
): Promise<SourceView> {
  return auditedChange(ctx, ['source.modified', 'source.enabled', 'source.disabled'], async (tx, audit) => {
    const before = await tx.source.findFirst({
      where: { id: sourceId, workspaceId: ctx.workspace.id },
      select: { name: true, enabled: true },
    });
    if (!before) throw new AppError('not_found', 'Source not found.');
    const rename = input.name !== undefined && input.name !== before.name;
    const toggle = input.enabled !== undefined && input.enabled !== before.enabled;
    if (rename) await assertNameFree(tx, ctx, input.name!, sourceId);
    if (rename || toggle) {
      await uniqueOr409('That source name', () =>
        tx.source.updateMany({
          where: { id: sourceId, workspaceId: ctx.workspace.id },
          data: { ...(rename ? { name: input.name } : {}), ...(toggle ? { enabled: input.enabled } : {}) },
        }),
      );
    }
    // One row per kind of change, so the trail reads like Segment's (Source Modified / Enabled / Disabled).
    const target = { type: 'source', id: sourceId };
    if (rename)
      audit.diff({
        eventType: 'source.modified',
        target,
        before,
        after: { ...before, name: input.name! },
        fields: ['name'],
      });
    if (toggle)
      audit.diff({
        eventType: input.enabled ? 'source.enabled' : 'source.disabled',
        target,
        before,
        after: { ...before, enabled: input.enabled! },
        fields: ['enabled'],
      });
    return getSource(ctx, sourceId, tx);
  });
}

/** Privacy Controls: drop Red fields before events are stored (owner only, checked by the route). */
export async function setSourceBlocking(ctx: WorkspaceCtx, sourceId: string, blockRed: boolean): Promise<SourceView> {
  return auditedChange(ctx, 'source.blocking_modified', async (tx, audit) => {
    const before = await tx.source.findFirst({
      where: { id: sourceId, workspaceId: ctx.workspace.id },
      select: { blockRed: true },
    });
    if (!before) throw new AppError('not_found', 'Source not found.');
    if (before.blockRed !== blockRed) {
      await tx.source.updateMany({ where: { id: sourceId, workspaceId: ctx.workspace.id }, data: { blockRed } });
      audit.diff({ target: { type: 'source', id: sourceId }, before, after: { blockRed }, fields: ['blockRed'] });
    }
    return getSource(ctx, sourceId, tx);
  });
}

/**
 * Issues a new write key. Keys still valid get `expiresAt = now + grace` (or
 * keep an earlier expiry), so a deploy can switch over without losing events.
 */
export async function rotateWriteKey(
  ctx: WorkspaceCtx,
  sourceId: string,
  gracePeriod: GracePeriod,
): Promise<RotatedWriteKey> {
  return auditedChange(ctx, 'source.write_key_rotated', async (tx, audit) => {
    const source = await tx.source.findFirst({
      where: { id: sourceId, workspaceId: ctx.workspace.id },
      select: { id: true },
    });
    if (!source) throw new AppError('not_found', 'Source not found.');
    const now = new Date();
    const until = new Date(now.getTime() + GRACE_PERIODS[gracePeriod] * 1000);
    await tx.writeKey.updateMany({
      where: { sourceId, workspaceId: ctx.workspace.id, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] },
      data: { expiresAt: until },
    });
    const writeKey = await insertWriteKey(tx, ctx.workspace.id, sourceId);
    const view = await getSource(ctx, sourceId, tx);
    audit.record({
      target: { type: 'source', id: sourceId },
      changes: { gracePeriod, previousKeysExpireAt: until.toISOString() },
    });
    return { source: view, writeKey, previousKeyExpiresAt: until.toISOString() };
  });
}

/**
 * Deletes a source after the exact name was typed. Its destinations, write keys,
 * stored events and field occurrences go with it, each destination with its own
 * audit row. Audit rows are never touched (AuditLog has no foreign key to sources).
 */
export async function deleteSource(
  ctx: WorkspaceCtx,
  sourceId: string,
  confirmName: string,
): Promise<{ deletedDestinations: number }> {
  return auditedChange(ctx, ['destination.deleted', 'function.disconnected', 'source.deleted'], async (tx, audit) => {
    const s = await tx.source.findFirst({
      where: { id: sourceId, workspaceId: ctx.workspace.id },
      select: { name: true, type: true, destinations: { select: REMOVED_DESTINATION_SELECT } },
    });
    if (!s) throw new AppError('not_found', 'Source not found.');
    if (confirmName !== s.name)
      throw new AppError('validation_failed', 'The name you typed does not match the source name.', {
        fields: [{ path: 'confirmName', message: 'Type the exact source name.' }],
      });
    for (const d of s.destinations) await deleteDestinationRows(tx, ctx.workspace.id, d.id);
    await tx.event.deleteMany({ where: { workspaceId: ctx.workspace.id, sourceId } });
    await tx.observedFieldOccurrence.deleteMany({ where: { workspaceId: ctx.workspace.id, sourceId } });
    await tx.source.deleteMany({ where: { id: sourceId, workspaceId: ctx.workspace.id } });
    for (const d of s.destinations) recordDestinationRemoved(audit, d, 'source deleted');
    audit.record({
      eventType: 'source.deleted',
      target: { type: 'source', id: sourceId },
      changes: { name: s.name, type: s.type, destinations: s.destinations.length },
    });
    return { deletedDestinations: s.destinations.length };
  });
}
