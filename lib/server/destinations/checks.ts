import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { catalogEntry, type CatalogEntry } from '@/lib/destinations/catalog';
import { validateSettings, type SettingsMode, type ValidSettings } from '@/lib/destinations/settings-schema';

// Checks shared by create, update and delete. Each one throws the AppError the
// route maps to a status, with the form field it belongs to.

export function entryOr400(catalogId: string): CatalogEntry {
  const entry = catalogEntry(catalogId);
  if (!entry)
    throw new AppError('validation_failed', `Unknown destination type "${catalogId.slice(0, 64)}".`, {
      fields: [{ path: 'catalogId', message: 'Pick a destination from the catalog.' }],
    });
  return entry;
}

export function settingsOr400(entry: CatalogEntry, raw: unknown, mode: SettingsMode): ValidSettings {
  const r = validateSettings(entry, raw, mode);
  if (!r.ok)
    throw new AppError('validation_failed', `${r.errors[0].path}: ${r.errors[0].message}`, { fields: r.errors });
  return r.value;
}

/** Names are unique per workspace ignoring case; the unique index is the backstop for a race (uniqueOr409). */
export async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.destination.findFirst({
    where: { workspaceId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash)
    throw new AppError('conflict', `A destination named "${name}" already exists in this workspace.`, {
      fields: [{ path: 'name', message: 'This name is already taken.' }],
    });
}

/** The destination as a change needs it, tenant-scoped: another workspace's id is a 404 like a missing one. */
export async function loadOwnedDestination(tx: Tx, ctx: WorkspaceCtx, destinationId: string) {
  const d = await tx.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: {
      id: true,
      name: true,
      catalogId: true,
      enabled: true,
      baaOverride: true,
      settings: true,
      secretsEnc: true,
      consentCategories: true,
    },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return d;
}

/** Destination.settings is JSON; anything but an object reads as no settings. */
export const settingsObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
