import 'server-only';
import type { Tx } from '@/lib/server/db';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { recordAudit } from '@/lib/server/audit/record';
import { checkKeyOrigin, enableEncryptionTx } from '@/lib/server/destinations/protection/encryption';
import { listYellowFieldOptions, normalizeFieldList } from '@/lib/server/destinations/protection/fields';
import { enableHashingTx } from '@/lib/server/destinations/protection/hashing';
import { assertNotBoth, assertStreamingDestination, checkFields, importKeyOr400 } from '@/lib/server/destinations/protection/rules';
import type { CreateProtectionInput, OneTimeHashSecret } from '@/lib/schemas/encryption';

// Encryption and hashing chosen on the Setup page of a new destination. They
// are applied inside the destination's create transaction (see
// CreateDestinationExtension in lib/server/destinations/changes.ts): a bad key
// or field rolls back the whole creation. No re-authentication here: adding
// protection to a destination that does not exist yet weakens nothing, and
// creating a destination does not require it either.

export interface CreateProtection {
  extend: ((tx: Tx, created: { id: string }) => Promise<void>) | undefined;
  /** The one-time HMAC secret, once the transaction has run (null if none was issued). */
  secret: () => OneTimeHashSecret | null;
}

export function protectionOnCreate(ctx: WorkspaceCtx, catalogId: string, input: CreateProtectionInput | undefined): CreateProtection {
  let issued: OneTimeHashSecret | null = null;
  const enc = input?.encryption;
  const hash = input?.hashing;
  if (!enc && !hash) return { extend: undefined, secret: () => null };
  // Cheap checks first, outside the transaction: 403 / 400 before any write.
  if (enc) assertStreamingDestination(catalogId, 'encryption.fields');
  checkKeyOrigin(ctx, enc?.publicKey);
  const key = enc ? importKeyOr400(enc.publicKey, 'encryption.publicKey') : null;
  if (enc && hash) assertNotBoth(normalizeFieldList(enc.fields), normalizeFieldList(hash.fields), 'hashing', 'hashing.fields');

  const extend = async (tx: Tx, created: { id: string }) => {
    const options = await listYellowFieldOptions(tx, ctx.workspace.id);
    const encFields = enc ? checkFields(enc.fields, options, [], 'encryption.fields') : [];
    const hashFields = hash ? checkFields(hash.fields, options, [], 'hashing.fields') : [];
    assertNotBoth(encFields, hashFields, 'hashing', 'hashing.fields');
    if (enc && key) {
      const audit = await enableEncryptionTx(tx, ctx, created.id, encFields, enc.publicKey, key);
      await recordAudit(tx, { ...auditActor(ctx), ...audit });
    }
    if (hash) {
      const r = await enableHashingTx(tx, ctx, created.id, hashFields, hash.mode, null);
      issued = r.shown;
      await recordAudit(tx, { ...auditActor(ctx), ...r.audit });
    }
  };
  return { extend, secret: () => issued };
}
