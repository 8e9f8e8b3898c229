import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { catalogEntry, type CatalogEntry, type SettingValue } from '@/lib/destinations/catalog';
import { FUNCTION_REF_SELECT } from '@/lib/server/functions/deployed';
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
      function: { select: FUNCTION_REF_SELECT },
    },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return d;
}

export interface MergedSettings {
  settings: Record<string, SettingValue>;
  /** Every secret after the edit: stored ones kept unless replaced or removed. */
  secrets: Record<string, string>;
  /** Names of the fields whose value changed (secrets by name only). */
  changed: string[];
}

/**
 * A settings edit against what is stored: a blank or missing secret keeps the
 * stored one, null removes an optional one, and `changed` names what differs, so
 * a save that changes nothing logs nothing.
 */
export function mergeSettings(
  entry: CatalogEntry,
  raw: unknown,
  stored: Record<string, unknown>,
  storedSecrets: Record<string, string>,
): MergedSettings {
  const valid = settingsOr400(entry, raw, { kind: 'update', storedSecrets: new Set(Object.keys(storedSecrets)) });
  const changed: string[] = [];
  for (const f of entry.settings) {
    if (f.type === 'secret') {
      const replaced = f.key in valid.secrets && valid.secrets[f.key] !== storedSecrets[f.key];
      const removed = valid.removedSecrets.includes(f.key) && f.key in storedSecrets;
      if (replaced || removed) changed.push(f.key);
    } else if (JSON.stringify(stored[f.key]) !== JSON.stringify(valid.settings[f.key])) changed.push(f.key);
  }
  const secrets = { ...storedSecrets, ...valid.secrets };
  for (const k of valid.removedSecrets) delete secrets[k];
  return { settings: valid.settings, secrets, changed };
}

/** Destination.settings is JSON; anything but an object reads as no settings. */
export const settingsObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
