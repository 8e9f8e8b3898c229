import 'server-only';
import { BroadcastChannel } from 'node:worker_threads';
import { getDb } from '@/lib/server/db';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import { sharedTtlCache } from '@/lib/server/platform/ttl-cache';
import { openSecrets } from '@/lib/server/destinations/secrets';
import { openHmacSecret } from '@/lib/server/destinations/protection/hashing';
import { catalogEntry } from '@/lib/destinations/catalog';
import { compilePolicy, type CompiledPolicy, type ProtectionPolicy } from '@/lib/crypto/transform';
import { importPublicKey } from '@/lib/crypto/keys';
import type { HashMode } from '@/lib/crypto/hashing';
import { normalizeKey } from '@/lib/privacy/normalize';
import { hasSender } from '@/lib/server/destinations/senders/supported';
import { SENDERS } from '@/lib/server/destinations/senders';
import type { Sender, SenderConfig } from '@/lib/server/destinations/senders/types';
import type { ConsentTarget } from '@/lib/server/destinations/consent-gate';

/** Everything the worker needs to deliver to one destination, decrypted and compiled once. */
export interface DestinationRuntime {
  id: string;
  workspaceId: string;
  enabled: boolean;
  sender: Sender | null;
  config: SenderConfig;
  consent: ConsentTarget;
  /** null = nothing to protect. */
  policy: CompiledPolicy | null;
  /** A configuration problem that makes delivery unsafe or impossible (fail closed). */
  problem: string | null;
}

// Cached per destination for DELIVERY_CONFIG_TTL_MS (default 2 s): a settings,
// consent or encryption change reaches every worker within that time.
const TTL_MS = Number(process.env.DELIVERY_CONFIG_TTL_MS ?? 2000);

async function load(id: string): Promise<DestinationRuntime | null> {
  const db = await getDb();
  const d = await db.destination.findUnique({
    where: { id },
    select: {
      id: true,
      workspaceId: true,
      name: true,
      catalogId: true,
      enabled: true,
      settings: true,
      secretsEnc: true,
      consentCategories: true,
      encryptionEnabled: true,
      encryptedFields: true,
      hashingEnabled: true,
      hashedFields: true,
      hashMode: true,
      hmacSecretEnc: true,
      workspace: { select: { blockEventsWithoutConsent: true } },
      encryptionKeys: {
        where: { retiredAt: null },
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { publicKeyPem: true },
      },
    },
  });
  if (!d) return null;
  const entry = catalogEntry(d.catalogId);
  const settings = (
    typeof d.settings === 'object' && d.settings !== null && !Array.isArray(d.settings) ? d.settings : {}
  ) as Record<string, unknown>;
  let problem: string | null = null;
  let secrets: Record<string, string> = {};
  try {
    secrets = openSecrets(d.id, d.secretsEnc);
  } catch {
    problem = 'The destination\u2019s stored credentials cannot be decrypted (was APP_ENCRYPTION_KEY changed?).';
  }
  const policy: ProtectionPolicy = {};
  if (d.encryptionEnabled && d.encryptedFields.length > 0) {
    const pem = d.encryptionKeys[0]?.publicKeyPem;
    // Never send in clear what the customer asked to encrypt.
    if (!pem) problem ??= 'Encryption is on but the destination has no current public key.';
    else {
      try {
        policy.encrypt = { fields: d.encryptedFields, key: importPublicKey(pem) };
      } catch {
        problem ??= 'The destination\u2019s public key cannot be used.';
      }
    }
  }
  if (d.hashingEnabled && d.hashedFields.length > 0) {
    const mode: HashMode = d.hashMode === 'sha256' ? 'sha256' : 'hmac';
    let secret: Buffer | undefined;
    if (mode === 'hmac') {
      try {
        secret = d.hmacSecretEnc ? openHmacSecret(d.id, d.hmacSecretEnc) : undefined;
      } catch {
        secret = undefined;
      }
      if (!secret)
        problem ??= 'Hashing is on but the destination\u2019s HMAC secret is missing or cannot be decrypted.';
    }
    policy.hash = { fields: d.hashedFields, mode, secret };
  }
  let compiled: CompiledPolicy | null = null;
  if (!problem && (policy.encrypt || policy.hash)) {
    try {
      compiled = compilePolicy(policy, normalizeKey);
    } catch (e) {
      problem = e instanceof Error ? e.message : 'The protection settings are invalid.';
    }
  }
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    enabled: d.enabled,
    sender: hasSender(d.catalogId) ? SENDERS[d.catalogId] : null,
    config: { destinationId: d.id, settings, secrets },
    consent: {
      name: d.name,
      catalogName: entry?.name ?? d.catalogId,
      consentCategories: d.consentCategories,
      blockEventsWithoutConsent: d.workspace.blockEventsWithoutConsent,
    },
    policy: compiled,
    problem,
  };
}

const runtimes = sharedTtlCache('destinations.runtime', load, { ttlMs: TTL_MS, max: 10_000 });

export function getDestinationRuntime(id: string): Promise<DestinationRuntime | null> {
  return runtimes.get(id);
}

function drop(id: string | undefined): void {
  if (id) runtimes.delete(id);
  else runtimes.clear();
}

// Delivery worker threads of this process (scripts/delivery-thread.mjs) hold caches of
// their own; a change made here reaches them at once through this channel, not after
// the TTL (which remains the bound for workers in other processes).
const channel = processSingleton('destinations.runtime-channel', () => {
  const c = new BroadcastChannel('privacy-console:destination-runtime');
  // The message is a destination id, or '' for all of them.
  c.onmessage = (m) => drop(String((m as { data: unknown }).data) || undefined);
  c.unref();
  return c;
});

export function invalidateDestinationRuntime(id?: string): void {
  drop(id);
  channel.postMessage(id ?? '');
}
