import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { recordAudit } from '@/lib/server/audit/record';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { readDestination, type DestinationView } from '@/lib/server/destinations/view';
import { openSecrets, sealSecrets } from '@/lib/server/destinations/secrets';
import { deleteDestinationRows } from '@/lib/server/destinations/rows';
import { catalogEntry, type CatalogEntry } from '@/lib/destinations/catalog';
import { validateSettings, type SettingsMode, type ValidSettings } from '@/lib/destinations/settings-schema';
import { CONSENT_NAMES_KEY, consentNames } from '@/lib/destinations/consent';
import type { ConsentCategory, CreateDestinationInput, UpdateDestinationInput } from '@/lib/schemas/destinations';

/**
 * Runs inside the create transaction after the destination row exists, e.g. to
 * store encryption settings from the Setup page (encryption issue). Throwing
 * rolls everything back: nothing is half-created.
 */
export type CreateDestinationExtension = (tx: Tx, created: { id: string; workspaceId: string; sourceId: string; catalogId: string }) => Promise<void>;

function entryOr400(catalogId: string): CatalogEntry {
  const entry = catalogEntry(catalogId);
  if (!entry) throw new AppError('validation_failed', `Unknown destination type "${catalogId.slice(0, 64)}".`, { fields: [{ path: 'catalogId', message: 'Pick a destination from the catalog.' }] });
  return entry;
}

function settingsOr400(entry: CatalogEntry, raw: unknown, mode: SettingsMode): ValidSettings {
  const r = validateSettings(entry, raw, mode);
  if (!r.ok) throw new AppError('validation_failed', `${r.errors[0].path}: ${r.errors[0].message}`, { fields: r.errors });
  return r.value;
}

async function assertNameFree(tx: Tx, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.destination.findFirst({
    where: { workspaceId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AppError('conflict', `A destination named "${name}" already exists in this workspace.`, { fields: [{ path: 'name', message: 'This name is already taken.' }] });
}

async function loadOwned(tx: Tx, ctx: WorkspaceCtx, destinationId: string) {
  const d = await tx.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: { id: true, name: true, catalogId: true, enabled: true, baaOverride: true, settings: true, secretsEnc: true, consentCategories: true },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return d;
}

const settingsObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export async function createDestination(ctx: WorkspaceCtx, input: CreateDestinationInput, extend?: CreateDestinationExtension): Promise<DestinationView> {
  const entry = entryOr400(input.catalogId);
  const valid = settingsOr400(entry, input.settings, { kind: 'create' });
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const source = await tx.source.findFirst({ where: { id: input.sourceId, workspaceId: ctx.workspace.id }, select: { id: true } });
    if (!source) throw new AppError('not_found', 'Source not found.', { fields: [{ path: 'sourceId', message: 'Select a data source of this workspace.' }] });
    await assertNameFree(tx, ctx.workspace.id, input.name);
    // The id is chosen here because it is the associated data of the sealed secrets.
    const id = randomUUID();
    await uniqueOr409('That destination name', () => tx.destination.create({
      data: {
        id, workspaceId: ctx.workspace.id, sourceId: source.id, catalogId: entry.id, name: input.name, enabled: input.enabled,
        settings: valid.settings as Prisma.InputJsonObject, secretsEnc: sealSecrets(id, valid.secrets),
      },
      select: { id: true },
    }));
    if (extend) await extend(tx, { id, workspaceId: ctx.workspace.id, sourceId: source.id, catalogId: entry.id });
    const view = await readDestination(tx, ctx, id);
    await recordAudit(tx, {
      ...auditActor(ctx), eventType: 'destination.created', targetType: 'destination', targetId: id,
      changes: { name: input.name, catalogId: entry.id, sourceId: source.id, enabled: input.enabled, settingsSet: [...Object.keys(valid.settings), ...Object.keys(valid.secrets)] },
    });
    return view;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function updateDestination(ctx: WorkspaceCtx, destinationId: string, input: UpdateDestinationInput): Promise<DestinationView> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const before = await loadOwned(tx, ctx, destinationId);
    const data: Prisma.DestinationUpdateManyMutationInput = {};
    const changed: string[] = [];
    const rename = input.name !== undefined && input.name !== before.name;
    if (rename) {
      await assertNameFree(tx, ctx.workspace.id, input.name!, destinationId);
      data.name = input.name;
    }
    if (input.settings !== undefined) {
      const entry = entryOr400(before.catalogId);
      const stored = openSecrets(destinationId, before.secretsEnc);
      const valid = settingsOr400(entry, input.settings, { kind: 'update', storedSecrets: new Set(Object.keys(stored)) });
      const oldSettings = settingsObject(before.settings);
      for (const f of entry.settings) {
        if (f.type === 'secret') {
          if ((f.key in valid.secrets && valid.secrets[f.key] !== stored[f.key]) || (valid.removedSecrets.includes(f.key) && f.key in stored)) changed.push(f.key);
        } else if (!same(oldSettings[f.key], valid.settings[f.key])) changed.push(f.key);
      }
      const secrets = { ...stored, ...valid.secrets };
      for (const k of valid.removedSecrets) delete secrets[k];
      // Keep the consent display names that live beside the catalog settings.
      const names = oldSettings[CONSENT_NAMES_KEY];
      data.settings = { ...valid.settings, ...(names ? { [CONSENT_NAMES_KEY]: names } : {}) } as Prisma.InputJsonObject;
      data.secretsEnc = sealSecrets(destinationId, secrets);
    }
    const toggle = input.enabled !== undefined && input.enabled !== before.enabled;
    if (toggle) data.enabled = input.enabled;
    if (rename || changed.length || toggle) {
      await uniqueOr409('That destination name', () => tx.destination.updateMany({ where: { id: destinationId, workspaceId: ctx.workspace.id }, data }));
    }
    // A save that changed nothing logs nothing; secrets appear by field name only.
    if (rename || changed.length) {
      await recordAudit(tx, {
        ...auditActor(ctx), eventType: 'destination.modified', targetType: 'destination', targetId: destinationId,
        changes: { ...(rename ? { before: { name: before.name }, after: { name: input.name } } : {}), ...(changed.length ? { settingsChanged: changed } : {}) },
      });
    }
    if (toggle) {
      await recordAudit(tx, { ...auditActor(ctx), eventType: input.enabled ? 'destination.enabled' : 'destination.disabled', targetType: 'destination', targetId: destinationId, changes: { before: { enabled: before.enabled }, after: { enabled: input.enabled } } });
    }
    return readDestination(tx, ctx, destinationId);
  });
}

export async function setDestinationBaaOverride(ctx: WorkspaceCtx, destinationId: string, override: boolean | null): Promise<DestinationView> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const before = await loadOwned(tx, ctx, destinationId);
    if (before.baaOverride !== override) {
      await tx.destination.updateMany({ where: { id: destinationId, workspaceId: ctx.workspace.id }, data: { baaOverride: override } });
      await recordAudit(tx, { ...auditActor(ctx), eventType: 'destination.baa_override_modified', targetType: 'destination', targetId: destinationId, changes: { before: { baaOverride: before.baaOverride }, after: { baaOverride: override } } });
    }
    return readDestination(tx, ctx, destinationId);
  });
}

export async function setDestinationConsent(ctx: WorkspaceCtx, destinationId: string, categories: ConsentCategory[]): Promise<DestinationView> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const before = await loadOwned(tx, ctx, destinationId);
    const ids = categories.map((c) => c.id);
    const names = Object.fromEntries(categories.filter((c) => c.name).map((c) => [c.id, c.name]));
    const oldSettings = settingsObject(before.settings);
    if (!same(before.consentCategories, ids) || !same(consentNames(oldSettings), names)) {
      const { [CONSENT_NAMES_KEY]: _old, ...rest } = oldSettings;
      const settings = Object.keys(names).length ? { ...rest, [CONSENT_NAMES_KEY]: names } : rest;
      await tx.destination.updateMany({ where: { id: destinationId, workspaceId: ctx.workspace.id }, data: { consentCategories: ids, settings: settings as Prisma.InputJsonObject } });
      await recordAudit(tx, { ...auditActor(ctx), eventType: 'destination.consent_modified', targetType: 'destination', targetId: destinationId, changes: { before: { categories: before.consentCategories }, after: { categories: ids } } });
    }
    return readDestination(tx, ctx, destinationId);
  });
}

export async function deleteDestination(ctx: WorkspaceCtx, destinationId: string, confirmName: string): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const d = await loadOwned(tx, ctx, destinationId);
    if (confirmName !== d.name) throw new AppError('validation_failed', 'The name you typed does not match the destination name.', { fields: [{ path: 'confirmName', message: 'Type the exact destination name.' }] });
    await deleteDestinationRows(tx, ctx.workspace.id, destinationId);
    await recordAudit(tx, { ...auditActor(ctx), eventType: 'destination.deleted', targetType: 'destination', targetId: destinationId, changes: { name: d.name, catalogId: d.catalogId } });
  });
}
