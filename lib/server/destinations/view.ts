import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { loadBlastRadius } from '@/lib/server/destinations/protection/blast-radius';
import type { DestinationExposure } from '@/lib/destinations/exposure';
import { insertSecretsAad, openSecrets, summarizeSecrets } from '@/lib/server/destinations/secrets';
import { catalogEntry, effectiveBaa, FUNCTION_CATALOG_ID, type CatalogEntry } from '@/lib/destinations/catalog';
import { functionCatalogEntry } from '@/lib/functions/settings';
import { connectedFunctionView, FUNCTION_REF_SELECT, type FunctionRefRow } from '@/lib/server/functions/deployed';
import { knownSettings } from '@/lib/destinations/settings-schema';
import { consentView, type ConsentCategoryView } from '@/lib/destinations/consent';
import type { DestinationListItem, DestinationView } from '@/lib/schemas/destinations';

// The view types are the response schemas' (lib/schemas/destinations.ts): what a route may send.
export type { DestinationListItem, DestinationView };

const DEST_SELECT = {
  id: true,
  name: true,
  catalogId: true,
  enabled: true,
  baaOverride: true,
  settings: true,
  secretsEnc: true,
  consentCategories: true,
  encryptionEnabled: true,
  encryptedFields: true,
  hashingEnabled: true,
  hashedFields: true,
  hashMode: true,
  insertSettings: true,
  insertSecretsEnc: true,
  createdAt: true,
  updatedAt: true,
  source: { select: { id: true, name: true } },
  function: { select: FUNCTION_REF_SELECT },
  insertFunction: { select: FUNCTION_REF_SELECT },
} as const;

type DestRow = {
  id: string;
  name: string;
  catalogId: string;
  enabled: boolean;
  baaOverride: boolean | null;
  settings: unknown;
  secretsEnc: string | null;
  consentCategories: string[];
  encryptionEnabled: boolean;
  encryptedFields: string[];
  hashingEnabled: boolean;
  hashedFields: string[];
  hashMode: string;
  insertSettings: unknown;
  insertSecretsEnc: string | null;
  createdAt: Date;
  updatedAt: Date;
  source: { id: string; name: string };
  function: FunctionRefRow | null;
  insertFunction: FunctionRefRow | null;
};

function baseView(
  d: Pick<
    DestRow,
    | 'id'
    | 'name'
    | 'catalogId'
    | 'enabled'
    | 'baaOverride'
    | 'encryptionEnabled'
    | 'encryptedFields'
    | 'hashingEnabled'
    | 'hashedFields'
    | 'source'
  >,
): Omit<DestinationListItem, 'exposed' | 'functionName'> {
  return {
    id: d.id,
    name: d.name,
    catalogId: d.catalogId,
    source: d.source,
    enabled: d.enabled,
    baaOverride: d.baaOverride,
    effectiveBaa: effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride),
    protection: {
      encryptionEnabled: d.encryptionEnabled,
      encryptedCount: d.encryptionEnabled ? d.encryptedFields.length : 0,
      hashingEnabled: d.hashingEnabled,
      hashedCount: d.hashingEnabled ? d.hashedFields.length : 0,
    },
  };
}

/** The settings a destination is shown and validated with: its catalog entry's, or its function's. */
export function settingsEntry(d: Pick<DestRow, 'catalogId' | 'function'>): CatalogEntry | undefined {
  if (d.catalogId === FUNCTION_CATALOG_ID)
    return functionCatalogEntry(d.function ? connectedFunctionView(d.function).settings : []);
  return catalogEntry(d.catalogId);
}

function insertFunctionView(d: DestRow): DestinationView['insertFunction'] {
  if (!d.insertFunction) return null;
  const fn = connectedFunctionView(d.insertFunction);
  return {
    ...fn,
    settingsValues: knownSettings(functionCatalogEntry(fn.settings), d.insertSettings),
    secrets: summarizeSecrets(openSecrets(insertSecretsAad(d.id), d.insertSecretsEnc)),
  };
}

export function destinationView(d: DestRow): DestinationView {
  const entry = settingsEntry(d);
  return {
    ...baseView(d),
    settings: entry ? knownSettings(entry, d.settings) : {},
    secrets: summarizeSecrets(openSecrets(d.id, d.secretsEnc)),
    function: d.function ? connectedFunctionView(d.function) : null,
    insertFunction: insertFunctionView(d),
    consentCategories: consentView(d.consentCategories, d.settings),
    encryption: { enabled: d.encryptionEnabled, fields: d.encryptedFields },
    hashing: { enabled: d.hashingEnabled, fields: d.hashedFields, mode: d.hashMode },
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

const exposedOf = (e: DestinationExposure | undefined) =>
  (e?.exposed ?? []).map((f) => ({ keyPath: f.keyPath, classification: f.classification }));

export async function listDestinations(ctx: WorkspaceCtx): Promise<DestinationListItem[]> {
  const db = await getDb();
  const [rows, radius] = await Promise.all([
    db.destination.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        catalogId: true,
        enabled: true,
        baaOverride: true,
        encryptionEnabled: true,
        encryptedFields: true,
        hashingEnabled: true,
        hashedFields: true,
        source: { select: { id: true, name: true } },
        function: { select: { name: true } },
      },
    }),
    loadBlastRadius(ctx),
  ]);
  const byId = new Map(radius.map((r) => [r.destinationId, r]));
  return rows.map((d) => ({
    ...baseView(d),
    exposed: exposedOf(byId.get(d.id)),
    functionName: d.function?.name ?? null,
  }));
}

export async function readDestination(db: Tx, ctx: WorkspaceCtx, destinationId: string): Promise<DestinationView> {
  const d = await db.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: DEST_SELECT,
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return destinationView(d);
}

/**
 * Destination settings are a PHI-bearing screen: the
 * "Destination Settings Viewed" row is committed before the data is returned.
 * A missing or foreign destination is checked first, so probing ids writes nothing.
 */
export async function viewDestinationSettings(ctx: WorkspaceCtx, destinationId: string): Promise<DestinationView> {
  const db = await getDb();
  const exists = await db.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: { id: true },
  });
  if (!exists) throw new AppError('not_found', 'Destination not found.');
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'destination.settings_viewed',
      targetType: 'destination',
      targetId: destinationId,
    },
    () => readDestination(db, ctx, destinationId),
  );
}

/** The Consent tab: which categories gate the destination (configuration, not PHI). */
export async function getDestinationConsent(ctx: WorkspaceCtx, destinationId: string): Promise<ConsentCategoryView[]> {
  const db = await getDb();
  const d = await db.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: { consentCategories: true, settings: true },
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return consentView(d.consentCategories, d.settings);
}
