import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { catalogEntry, effectiveBaa } from '@/lib/destinations/catalog';
import { listYellowFieldOptions } from '@/lib/server/destinations/protection/fields';
import { withCoverage } from '@/lib/server/destinations/protection/coverage';
import type { KeyFamilies } from '@/lib/privacy/key-families';
import type { EncryptionStateView, HashModeInput, KeyOrigin, KeyRecordView } from '@/lib/schemas/encryption';

// What the Data Encryption tab shows. An allow-list: public keys are public,
// but the PEM itself is not needed by the UI, and the sealed HMAC secret is
// reported only as "set".

export const PROTECTION_SELECT = {
  id: true,
  name: true,
  catalogId: true,
  baaOverride: true,
  sourceId: true,
  consentCategories: true,
  encryptionEnabled: true,
  encryptedFields: true,
  hashingEnabled: true,
  hashedFields: true,
  hashMode: true,
  hmacSecretEnc: true,
} as const;

export type ProtectionRow = {
  id: string;
  name: string;
  catalogId: string;
  baaOverride: boolean | null;
  sourceId: string;
  consentCategories: string[];
  encryptionEnabled: boolean;
  encryptedFields: string[];
  hashingEnabled: boolean;
  hashedFields: string[];
  hashMode: string;
  hmacSecretEnc: string | null;
};

export async function loadProtectionRow(db: Db | Tx, ctx: WorkspaceCtx, destinationId: string): Promise<ProtectionRow> {
  const d = await db.destination.findFirst({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    select: PROTECTION_SELECT,
  });
  if (!d) throw new AppError('not_found', 'Destination not found.');
  return d;
}

export const hashModeOf = (s: string): HashModeInput => (s === 'sha256' ? 'sha256' : 'hmac');
const originOf = (s: string): KeyOrigin => (s === 'byok' ? 'byok' : 'generated');

export async function readKeyHistory(
  db: Db | Tx,
  workspaceId: string,
  destinationId: string,
): Promise<KeyRecordView[]> {
  const keys = await db.encryptionKey.findMany({
    where: { workspaceId, destinationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      fingerprint: true,
      modulusBits: true,
      origin: true,
      createdAt: true,
      retiredAt: true,
      createdById: true,
    },
  });
  const userIds = [...new Set(keys.flatMap((k) => (k.createdById ? [k.createdById] : [])))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return keys.map((k) => ({
    id: k.id,
    fingerprint: k.fingerprint,
    modulusBits: k.modulusBits,
    origin: originOf(k.origin),
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
    createdBy: k.createdById ? { id: k.createdById, name: names.get(k.createdById) ?? 'Former member' } : null,
  }));
}

/**
 * `families` is the workspace classifier's (loadClassifier), loaded by the caller
 * before any transaction opens: what each field option covers.
 */
export async function readEncryptionState(
  db: Db | Tx,
  ctx: WorkspaceCtx,
  destinationId: string,
  families: KeyFamilies,
): Promise<EncryptionStateView> {
  const d = await loadProtectionRow(db, ctx, destinationId);
  const [keys, fieldOptions] = await Promise.all([
    readKeyHistory(db, ctx.workspace.id, d.id),
    listYellowFieldOptions(db, ctx.workspace.id).then((options) =>
      withCoverage(db, ctx.workspace.id, options, families),
    ),
  ]);
  const current = keys.find((k) => k.retiredAt === null) ?? null;
  return {
    destinationId: d.id,
    destinationName: d.name,
    reauthRequired: ctx.workspace.hipaaEligible,
    effectiveBaa: effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride),
    encryptionAvailable: catalogEntry(d.catalogId)?.cloudModeStreaming ?? true,
    encryption: {
      enabled: d.encryptionEnabled,
      fields: d.encryptedFields,
      currentKey: d.encryptionEnabled ? current : null,
    },
    keys,
    hashing: {
      enabled: d.hashingEnabled,
      fields: d.hashedFields,
      mode: hashModeOf(d.hashMode),
      secretSet: d.hmacSecretEnc !== null,
    },
    fieldOptions,
  };
}
