import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { getDb } from '@/lib/server/db';
import { importPublicKey } from '@/lib/crypto/keys';
import { applyProtection, type FieldReport, type ProtectedEvent, type ProtectionPolicy } from '@/lib/crypto/transform';
import { normalizeKey } from '@/lib/privacy/normalize';
import { openHmacSecret } from '@/lib/server/encryption/hashing';
import { hashModeOf } from '@/lib/server/encryption/state';

// The one place that turns a destination's stored settings into the policy
// lib/crypto/transform.ts applies. The delivery pipeline and the console's
// preview both go through here, so what the preview shows is what is sent.

export interface ProtectionSettings {
  id: string;
  encryptionEnabled: boolean;
  encryptedFields: readonly string[];
  hashingEnabled: boolean;
  hashedFields: readonly string[];
  hashMode: string;
  hmacSecretEnc: string | null;
}

/** Thrown instead of sending in clear when the stored settings are inconsistent. */
export class ProtectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtectionConfigError';
  }
}

// Policy objects are reused while the settings are unchanged, so the
// transform's per-policy compile cache and the imported key stay hot.
const MAX_CACHED = 256;
const cache = new Map<string, { signature: string; policy: ProtectionPolicy | null }>();

export function buildProtectionPolicy(d: ProtectionSettings, currentKeyPem: string | null): ProtectionPolicy | null {
  const encrypt = d.encryptionEnabled && d.encryptedFields.length > 0;
  const hash = d.hashingEnabled && d.hashedFields.length > 0;
  const signature = JSON.stringify([encrypt && d.encryptedFields, encrypt && currentKeyPem, hash && d.hashedFields, hash && d.hashMode, hash && d.hmacSecretEnc]);
  const hit = cache.get(d.id);
  if (hit && hit.signature === signature) return hit.policy;

  const policy: ProtectionPolicy = {};
  if (encrypt) {
    // Fail closed: encryption on without a key must never degrade to clear text.
    if (!currentKeyPem) throw new ProtectionConfigError(`destination ${d.id}: encryption is on but no current public key exists`);
    policy.encrypt = { fields: [...d.encryptedFields], key: importPublicKey(currentKeyPem) };
  }
  if (hash) {
    const mode = hashModeOf(d.hashMode);
    if (mode === 'hmac') {
      if (!d.hmacSecretEnc) throw new ProtectionConfigError(`destination ${d.id}: HMAC hashing is on but no secret is stored`);
      policy.hash = { fields: [...d.hashedFields], mode, secret: openHmacSecret(d.id, d.hmacSecretEnc) };
    } else {
      policy.hash = { fields: [...d.hashedFields], mode };
    }
  }
  const result = policy.encrypt || policy.hash ? policy : null;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(d.id, { signature, policy: result });
  return result;
}

export const PROTECTION_SETTINGS_SELECT = {
  id: true, encryptionEnabled: true, encryptedFields: true, hashingEnabled: true, hashedFields: true, hashMode: true, hmacSecretEnc: true,
} as const;

/** Current key PEM of a destination (null when encryption was never turned on or is off). */
export async function currentPublicKeyPem(db: Db | Tx, workspaceId: string, destinationId: string): Promise<string | null> {
  const k = await db.encryptionKey.findFirst({
    where: { workspaceId, destinationId, retiredAt: null },
    orderBy: { createdAt: 'desc' },
    select: { publicKeyPem: true },
  });
  return k?.publicKeyPem ?? null;
}

/** For the delivery pipeline: the policy to apply to this destination's events, or null for none. */
export async function loadProtectionPolicy(workspaceId: string, destinationId: string): Promise<ProtectionPolicy | null> {
  const db = await getDb();
  const d = await db.destination.findFirst({ where: { id: destinationId, workspaceId }, select: PROTECTION_SETTINGS_SELECT });
  if (!d) return null;
  const pem = d.encryptionEnabled ? await currentPublicKeyPem(db, workspaceId, destinationId) : null;
  return buildProtectionPolicy(d, pem);
}

/** Apply a destination's policy (or none) to a copy of `event`. */
export function protectForDestination(event: object, policy: ProtectionPolicy | null): { event: ProtectedEvent; report: FieldReport[] } {
  if (!policy) return applyProtection(event, {}, normalizeKey);
  return applyProtection(event, policy, normalizeKey);
}
