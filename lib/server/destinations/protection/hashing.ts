import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange, type AuditRecorder } from '@/lib/server/audit/change';
import { newHmacSecret } from '@/lib/server/destinations/protection/hmac-secret';
import { listYellowFieldOptions } from '@/lib/server/destinations/protection/fields';
import { hashModeOf, loadProtectionRow, readEncryptionState } from '@/lib/server/destinations/protection/state';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import {
  assertNotBoth,
  checkFields,
  lockProtectionRow,
  requireReauthForProtection,
  assertBuiltInProtection,
} from '@/lib/server/destinations/protection/rules';
import type {
  EncryptionStateView,
  HashingChangeResult,
  HashingUpdateInput,
  OneTimeHashSecret,
} from '@/lib/schemas/encryption';

// "Have Segment hash sensitive data" (beyond Segment, which only has smart
// hashing for ad destinations). HMAC-SHA256 with a per-destination secret by
// default: the secret is generated here, sealed at rest under the app key with
// the destination id as associated data, and returned exactly once (in the
// response that created it) so the customer can hash their own lists the same
// way. Plain SHA-256 exists for destinations whose matching spec demands it.

export { HMAC_SECRET_BYTES, newHmacSecret, openHmacSecret } from '@/lib/server/destinations/protection/hmac-secret';
const target = (destinationId: string) => ({ type: 'destination', id: destinationId });

/**
 * Turns hashing on inside an open change; also used by "Create destination".
 * Returns the HMAC secret when one was issued (to be shown once), else null.
 */
export async function enableHashingTx(
  tx: Tx,
  audit: AuditRecorder,
  ctx: WorkspaceCtx,
  destinationId: string,
  fields: string[],
  mode: HashingUpdateInput['mode'],
  existingSecret: string | null,
): Promise<OneTimeHashSecret | null> {
  const fresh = mode === 'hmac' && !existingSecret ? newHmacSecret(destinationId) : null;
  await tx.destination.updateMany({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    data: {
      hashingEnabled: true,
      hashedFields: fields,
      hashMode: mode,
      ...(fresh ? { hmacSecretEnc: fresh.sealed } : {}),
    },
  });
  audit.record({
    eventType: 'destination.hashing_enabled',
    target: target(destinationId),
    changes: { hashedFields: fields, hashMode: mode, hmacIssued: fresh !== null },
  });
  return fresh?.shown ?? null;
}

const HASHING_KINDS = ['destination.hashing_enabled', 'destination.hashing_modified'] as const;

/** Enable hashing, or change its fields / mode. */
export async function updateHashing(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: HashingUpdateInput,
): Promise<HashingChangeResult> {
  const db = await getDb();
  const pre = await loadProtectionRow(db, ctx, destinationId);
  assertBuiltInProtection(pre.catalogId, 'hashing');
  await requireReauthForProtection(ctx);
  const { families } = await loadClassifier(ctx.workspace.id);
  const out = await auditedChange(ctx, HASHING_KINDS, async (tx, audit) => {
    const d = await lockProtectionRow(tx, ctx, destinationId);
    const options = await listYellowFieldOptions(tx, ctx.workspace.id);
    const fields = checkFields(input.fields, options, d.hashingEnabled ? d.hashedFields : []);
    if (d.encryptionEnabled) assertNotBoth(d.encryptedFields, fields, 'hashing', 'fields', families);
    if (!d.hashingEnabled) {
      const hmacSecret = await enableHashingTx(tx, audit, ctx, destinationId, fields, input.mode, d.hmacSecretEnc);
      return { state: await readEncryptionState(tx, ctx, destinationId, families), hmacSecret };
    }
    const before = { hashedFields: d.hashedFields, hashMode: hashModeOf(d.hashMode) };
    const after = { hashedFields: fields, hashMode: input.mode };
    let shown: OneTimeHashSecret | null = null;
    // The row names both settings even when one changed, so a reader sees the whole new configuration.
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      // Switching to HMAC for the first time needs a secret.
      const fresh = input.mode === 'hmac' && !d.hmacSecretEnc ? newHmacSecret(destinationId) : null;
      shown = fresh?.shown ?? null;
      await tx.destination.updateMany({
        where: { id: destinationId, workspaceId: ctx.workspace.id },
        data: { hashedFields: fields, hashMode: input.mode, ...(fresh ? { hmacSecretEnc: fresh.sealed } : {}) },
      });
      audit.record({
        eventType: 'destination.hashing_modified',
        target: target(destinationId),
        changes: { before, after, hmacIssued: fresh !== null },
      });
    }
    return { state: await readEncryptionState(tx, ctx, destinationId, families), hmacSecret: shown };
  });
  // The delivery worker's cached view of this destination (and so Preview and the blast radius) follows at once.
  invalidateDestinationRuntime(destinationId);
  return out;
}

/**
 * Stops hashing for future events. The sealed secret is kept so that turning
 * hashing back on produces the same hashes the customer already matched
 * against; "Rotate secret" is the explicit way to change it.
 */
export async function disableHashing(ctx: WorkspaceCtx, destinationId: string): Promise<EncryptionStateView> {
  const db = await getDb();
  const pre = await loadProtectionRow(db, ctx, destinationId);
  const { families } = await loadClassifier(ctx.workspace.id);
  if (!pre.hashingEnabled) return readEncryptionState(db, ctx, destinationId, families);
  await requireReauthForProtection(ctx);
  const out = await auditedChange(ctx, 'destination.hashing_disabled', async (tx, audit) => {
    const d = await lockProtectionRow(tx, ctx, destinationId);
    // Turned off meanwhile by someone else: nothing changes, nothing is logged.
    if (!d.hashingEnabled) return readEncryptionState(tx, ctx, destinationId, families);
    await tx.destination.updateMany({
      where: { id: destinationId, workspaceId: ctx.workspace.id },
      data: { hashingEnabled: false },
    });
    audit.record({
      target: target(destinationId),
      changes: { hashedFields: d.hashedFields, hashMode: hashModeOf(d.hashMode) },
    });
    return readEncryptionState(tx, ctx, destinationId, families);
  });
  invalidateDestinationRuntime(destinationId);
  return out;
}

/** New HMAC secret; the old one stops being used for future events at once. */
export async function rotateHashSecret(ctx: WorkspaceCtx, destinationId: string): Promise<HashingChangeResult> {
  const db = await getDb();
  const pre = await loadProtectionRow(db, ctx, destinationId);
  if (!pre.hashingEnabled || hashModeOf(pre.hashMode) !== 'hmac') {
    throw new AppError(
      'validation_failed',
      'Secret rotation applies to HMAC-SHA256 hashing, which is not on for this destination.',
    );
  }
  await requireReauthForProtection(ctx);
  const { families } = await loadClassifier(ctx.workspace.id);
  const out = await auditedChange(ctx, 'destination.hash_secret_rotated', async (tx, audit) => {
    const d = await lockProtectionRow(tx, ctx, destinationId);
    if (!d.hashingEnabled || hashModeOf(d.hashMode) !== 'hmac') {
      throw new AppError(
        'validation_failed',
        'Secret rotation applies to HMAC-SHA256 hashing, which is not on for this destination.',
      );
    }
    const fresh = newHmacSecret(destinationId);
    await tx.destination.updateMany({
      where: { id: destinationId, workspaceId: ctx.workspace.id },
      data: { hmacSecretEnc: fresh.sealed },
    });
    audit.record({ target: target(destinationId), changes: { hashMode: 'hmac', hashedFields: d.hashedFields } });
    return { state: await readEncryptionState(tx, ctx, destinationId, families), hmacSecret: fresh.shown };
  });
  invalidateDestinationRuntime(destinationId);
  return out;
}
