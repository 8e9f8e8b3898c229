import 'server-only';
import type { Tx } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import type { AuditRecorder } from '@/lib/server/audit/change';
import type { ImportedKey } from '@/lib/crypto/keys';
import { checkKeyOrigin, enableEncryptionTx } from '@/lib/server/destinations/protection/encryption';
import { listYellowFieldOptions, normalizeFieldList } from '@/lib/server/destinations/protection/fields';
import { enableHashingTx } from '@/lib/server/destinations/protection/hashing';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import type { KeyFamilies } from '@/lib/privacy/key-families';
import {
  assertNotBoth,
  assertStreamingDestination,
  checkFields,
  importKeyOr400,
} from '@/lib/server/destinations/protection/rules';
import type {
  CreateProtectionInput,
  HashingUpdateInput,
  OneTimeHashSecret,
  PublicKeyInput,
} from '@/lib/schemas/encryption';

// Encryption and hashing chosen on the Setup page of a new destination,
// applied by createDestination inside its own transaction: a bad key or field
// rolls back the whole creation. No re-authentication here: adding protection
// to a destination that does not exist yet weakens nothing, and creating a
// destination does not require it either.

/** What passed the checks that need no database; applied once the destination row exists. */
export interface SetupProtection {
  encryption: { fields: string[]; publicKey: PublicKeyInput; key: ImportedKey } | null;
  hashing: HashingUpdateInput | null;
  /** The workspace's key families, for the never-both rule when both are asked for (loaded before the transaction). */
  families: KeyFamilies | null;
}

/**
 * Checks first, before the transaction opens: 403 / 400 before any write.
 * Returns null when the Setup page asked for no protection.
 */
export async function checkSetupProtection(
  ctx: WorkspaceCtx,
  catalogId: string,
  input: CreateProtectionInput,
): Promise<SetupProtection | null> {
  const enc = input.encryption;
  const hash = input.hashing;
  if (!enc && !hash) return null;
  if (enc) assertStreamingDestination(catalogId, 'encryption.fields');
  checkKeyOrigin(ctx, enc?.publicKey);
  const encryption = enc
    ? { fields: enc.fields, publicKey: enc.publicKey, key: importKeyOr400(enc.publicKey, 'encryption.publicKey') }
    : null;
  const families = enc && hash ? (await loadClassifier(ctx.workspace.id)).families : null;
  if (enc && hash)
    assertNotBoth(
      normalizeFieldList(enc.fields),
      normalizeFieldList(hash.fields),
      'hashing',
      'hashing.fields',
      families ?? undefined,
    );
  return { encryption, hashing: hash ?? null, families };
}

/**
 * Turns on what was asked for, inside the create transaction, queueing its
 * audit rows (encryption, then hashing). Returns the one-time HMAC secret, or null.
 */
export async function applySetupProtection(
  tx: Tx,
  audit: AuditRecorder,
  ctx: WorkspaceCtx,
  destinationId: string,
  p: SetupProtection,
): Promise<OneTimeHashSecret | null> {
  // Field options are read in the transaction: the Yellow list is checked as it is at commit.
  const options = await listYellowFieldOptions(tx, ctx.workspace.id);
  const encFields = p.encryption ? checkFields(p.encryption.fields, options, [], 'encryption.fields') : [];
  const hashFields = p.hashing ? checkFields(p.hashing.fields, options, [], 'hashing.fields') : [];
  assertNotBoth(encFields, hashFields, 'hashing', 'hashing.fields', p.families ?? undefined);
  if (p.encryption)
    await enableEncryptionTx(tx, audit, ctx, destinationId, encFields, p.encryption.publicKey, p.encryption.key);
  return p.hashing ? enableHashingTx(tx, audit, ctx, destinationId, hashFields, p.hashing.mode, null) : null;
}
