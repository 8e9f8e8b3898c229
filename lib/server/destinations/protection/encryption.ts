import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import { requirePermission } from '@/lib/server/context/workspace';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { auditedChange, type AuditRecorder } from '@/lib/server/audit/change';
import type { ImportedKey } from '@/lib/crypto/keys';
import { listYellowFieldOptions } from '@/lib/server/destinations/protection/fields';
import { loadProtectionRow, readEncryptionState } from '@/lib/server/destinations/protection/state';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import {
  assertNotBoth,
  assertStreamingDestination,
  auditFingerprint,
  checkFields,
  importKeyOr400,
  lockProtectionRow,
  requireReauthForProtection,
} from '@/lib/server/destinations/protection/rules';
import type { EncryptionStateView, EncryptionUpdateInput, PublicKeyInput } from '@/lib/schemas/encryption';

// "Have Segment encrypt sensitive data" for one destination. The key pair is
// generated in the customer's browser; only the SPKI public key reaches this
// module, which validates it, stores it with its fingerprint and size, and keeps
// every earlier key as history (retired, never deleted). No function here ever
// receives, stores, logs or audits a private key: importPublicKey refuses one.

const target = (destinationId: string) => ({ type: 'destination', id: destinationId });

/** The Data Encryption tab: an audited read ("Destination Encryption Settings Viewed"). */
export async function viewEncryption(ctx: WorkspaceCtx, destinationId: string): Promise<EncryptionStateView> {
  const db = await getDb();
  // 404 before the audit row, so probing ids writes nothing.
  await loadProtectionRow(db, ctx, destinationId);
  const { families } = await loadClassifier(ctx.workspace.id);
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: 'destination.encryption_viewed',
      targetType: 'destination',
      targetId: destinationId,
    },
    () => readEncryptionState(db, ctx, destinationId, families),
  );
}

/** Owner-only: pasting a key generated elsewhere (BYOK). */
export function checkKeyOrigin(ctx: WorkspaceCtx, key: PublicKeyInput | undefined): void {
  if (key?.origin === 'byok') requirePermission(ctx, 'encryption.byok');
}

async function insertKey(
  tx: Tx,
  ctx: WorkspaceCtx,
  destinationId: string,
  pem: string,
  key: ImportedKey,
  origin: PublicKeyInput['origin'],
): Promise<void> {
  await tx.encryptionKey.create({
    data: {
      workspaceId: ctx.workspace.id,
      destinationId,
      publicKeyPem: pem.trim(),
      fingerprint: key.fingerprint,
      modulusBits: key.modulusBits,
      origin,
      createdById: ctx.user.id,
    },
  });
}

/** Retires the current key (if any) and returns its fingerprint. */
async function retireCurrentKey(tx: Tx, workspaceId: string, destinationId: string): Promise<string | null> {
  const current = await tx.encryptionKey.findFirst({
    where: { workspaceId, destinationId, retiredAt: null },
    select: { fingerprint: true },
    orderBy: { createdAt: 'desc' },
  });
  await tx.encryptionKey.updateMany({
    where: { workspaceId, destinationId, retiredAt: null },
    data: { retiredAt: new Date() },
  });
  return current?.fingerprint ?? null;
}

/** Turns encryption on inside an open change; also used by "Create destination". */
export async function enableEncryptionTx(
  tx: Tx,
  audit: AuditRecorder,
  ctx: WorkspaceCtx,
  destinationId: string,
  fields: string[],
  input: PublicKeyInput,
  key: ImportedKey,
): Promise<void> {
  // A leftover current key cannot exist while encryption is off, but retire defensively.
  await retireCurrentKey(tx, ctx.workspace.id, destinationId);
  await insertKey(tx, ctx, destinationId, input.pem, key, input.origin);
  await tx.destination.updateMany({
    where: { id: destinationId, workspaceId: ctx.workspace.id },
    data: { encryptionEnabled: true, encryptedFields: fields },
  });
  audit.record({
    eventType: 'destination.encryption_enabled',
    target: target(destinationId),
    changes: {
      encryptedFields: fields,
      fingerprint: auditFingerprint(key.fingerprint),
      modulusBits: key.modulusBits,
      origin: input.origin,
    },
  });
}

const UPDATE_KINDS = [
  'destination.encryption_enabled',
  'destination.encryption_keys_regenerated',
  'destination.encryption_fields_modified',
] as const;

/**
 * Save on the Data Encryption tab: turns encryption on (a public key is
 * required), edits the fields, and/or rotates to a new key ("Regenerate
 * Encryption Keys"). Each distinct change writes its own audit row, in the
 * same transaction as the change. A save that changes nothing logs nothing.
 */
export async function updateEncryption(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: EncryptionUpdateInput,
): Promise<EncryptionStateView> {
  checkKeyOrigin(ctx, input.publicKey);
  const db = await getDb();
  const pre = await loadProtectionRow(db, ctx, destinationId);
  if (!pre.encryptionEnabled) assertStreamingDestination(pre.catalogId);
  const key = input.publicKey ? importKeyOr400(input.publicKey) : null;
  if (!pre.encryptionEnabled && !key) {
    throw new AppError('validation_failed', 'Generate encryption keys (or paste a public key) to turn on encryption.', {
      fields: [{ path: 'publicKey', message: 'A public key is required.' }],
    });
  }
  await requireReauthForProtection(ctx);
  const { families } = await loadClassifier(ctx.workspace.id);
  const out = await auditedChange(ctx, UPDATE_KINDS, async (tx, audit) => {
    const d = await lockProtectionRow(tx, ctx, destinationId);
    const options = await listYellowFieldOptions(tx, ctx.workspace.id);
    const fields = checkFields(input.fields, options, d.encryptionEnabled ? d.encryptedFields : []);
    if (d.hashingEnabled) assertNotBoth(fields, d.hashedFields, 'encryption', 'fields', families);
    if (!d.encryptionEnabled) {
      if (!key || !input.publicKey)
        throw new AppError(
          'validation_failed',
          'Generate encryption keys (or paste a public key) to turn on encryption.',
        );
      await enableEncryptionTx(tx, audit, ctx, destinationId, fields, input.publicKey, key);
      return readEncryptionState(tx, ctx, destinationId, families);
    }
    if (key && input.publicKey) {
      const current = await tx.encryptionKey.findFirst({
        where: { workspaceId: ctx.workspace.id, destinationId, retiredAt: null },
        select: { fingerprint: true },
      });
      if (current?.fingerprint === key.fingerprint) {
        throw new AppError(
          'validation_failed',
          'This public key is already the current key. Generate a new key pair to regenerate.',
          { fields: [{ path: 'publicKey.pem', message: 'Same key as the current one.' }] },
        );
      }
      const previous = await retireCurrentKey(tx, ctx.workspace.id, destinationId);
      await insertKey(tx, ctx, destinationId, input.publicKey.pem, key, input.publicKey.origin);
      audit.record({
        eventType: 'destination.encryption_keys_regenerated',
        target: target(destinationId),
        changes: {
          before: { fingerprint: auditFingerprint(previous) },
          after: {
            fingerprint: auditFingerprint(key.fingerprint),
            modulusBits: key.modulusBits,
            origin: input.publicKey.origin,
          },
        },
      });
    }
    const added = fields.filter((f) => !d.encryptedFields.includes(f));
    const removed = d.encryptedFields.filter((f) => !fields.includes(f));
    // A reorder alone is a change too: the list is shown in the order saved.
    const fieldsChanged = audit.diff({
      eventType: 'destination.encryption_fields_modified',
      target: target(destinationId),
      before: { encryptedFields: d.encryptedFields },
      after: { encryptedFields: fields },
      fields: ['encryptedFields'],
      extra: { added, removed },
    });
    if (fieldsChanged)
      await tx.destination.updateMany({
        where: { id: destinationId, workspaceId: ctx.workspace.id },
        data: { encryptedFields: fields },
      });
    return readEncryptionState(tx, ctx, destinationId, families);
  });
  // The delivery worker's cached view of this destination (and so Preview and the blast radius) follows at once.
  invalidateDestinationRuntime(destinationId);
  return out;
}

/**
 * "Turn off data encryption?" → Confirm. Future events go out unencrypted;
 * nothing already delivered is decrypted. The key is retired, not deleted, so
 * the history still shows which key encrypted what.
 */
export async function disableEncryption(ctx: WorkspaceCtx, destinationId: string): Promise<EncryptionStateView> {
  const db = await getDb();
  const pre = await loadProtectionRow(db, ctx, destinationId);
  const { families } = await loadClassifier(ctx.workspace.id);
  if (!pre.encryptionEnabled) return readEncryptionState(db, ctx, destinationId, families);
  await requireReauthForProtection(ctx);
  const out = await auditedChange(ctx, 'destination.encryption_disabled', async (tx, audit) => {
    const d = await lockProtectionRow(tx, ctx, destinationId);
    // Turned off meanwhile by someone else: nothing changes, nothing is logged.
    if (!d.encryptionEnabled) return readEncryptionState(tx, ctx, destinationId, families);
    const retired = await retireCurrentKey(tx, ctx.workspace.id, destinationId);
    await tx.destination.updateMany({
      where: { id: destinationId, workspaceId: ctx.workspace.id },
      data: { encryptionEnabled: false },
    });
    audit.record({
      target: target(destinationId),
      changes: { encryptedFields: d.encryptedFields, retiredFingerprint: auditFingerprint(retired) },
    });
    return readEncryptionState(tx, ctx, destinationId, families);
  });
  invalidateDestinationRuntime(destinationId);
  return out;
}
