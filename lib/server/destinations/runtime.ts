import 'server-only';
import { getDb } from '@/lib/server/db';
import { invalidationAcrossThreads, sharedTtlCache } from '@/lib/server/platform/ttl-cache';
import { insertSecretsAad, openSecrets } from '@/lib/server/destinations/secrets';
import { openHmacSecret } from '@/lib/server/destinations/protection/hmac-secret';
import { catalogEntry, FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import type { FunctionKind } from '@/lib/functions/types';
import { functionCatalogEntry } from '@/lib/functions/settings';
import { knownSettings } from '@/lib/destinations/settings-schema';
import { settingsOf } from '@/lib/server/functions/deployed';
import { compilePolicy, type CompiledPolicy, type ProtectionPolicy } from '@/lib/crypto/transform';
import { importPublicKey } from '@/lib/crypto/keys';
import type { HashMode } from '@/lib/crypto/hashing';
import { normalizeKey } from '@/lib/privacy/normalize';
import { hasSender } from '@/lib/server/destinations/senders/supported';
import { SENDERS } from '@/lib/server/destinations/senders';
import type { FunctionBinding, Sender, SenderConfig } from '@/lib/server/destinations/senders/types';
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
  /** An Insert Function run after the consent gate and before `policy`. */
  insert: FunctionBinding | null;
  /** A configuration problem that makes delivery unsafe or impossible (fail closed). */
  problem: string | null;
  /** When the endpoint last changed: what was queued (or replayed) up to then is held, not sent (endpoint-change.ts). */
  endpointChangedAt: Date | null;
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
      insertSettings: true,
      insertSecretsEnc: true,
      endpointChangedAt: true,
      function: { select: BINDING_SELECT },
      insertFunction: { select: BINDING_SELECT },
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
  const settings = objectOf(d.settings);
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
  // A function runs only its deployed version; an undeployed one must not turn into "send nothing" silently.
  let fn: FunctionBinding | undefined;
  let insert: FunctionBinding | null = null;
  try {
    if (d.catalogId === FUNCTION_CATALOG_ID) {
      fn = d.function ? (bind(d.function, d.id, d.settings, secrets) ?? undefined) : undefined;
      if (!fn) problem ??= 'The Destination Function has no deployed version.';
    }
    if (d.insertFunction) {
      const insertSecrets = openSecrets(insertSecretsAad(d.id), d.insertSecretsEnc);
      insert = bind(d.insertFunction, `${d.id}:insert`, d.insertSettings, insertSecrets);
      if (!insert) problem ??= 'The Insert Function has no deployed version.';
    }
  } catch {
    problem ??= 'The function’s stored secrets cannot be decrypted (was APP_ENCRYPTION_KEY changed?).';
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
    config: { destinationId: d.id, settings, secrets, ...(fn ? { fn } : {}) },
    consent: {
      name: d.name,
      catalogName: entry?.name ?? d.catalogId,
      consentCategories: d.consentCategories,
      blockEventsWithoutConsent: d.workspace.blockEventsWithoutConsent,
    },
    policy: compiled,
    insert,
    problem,
    endpointChangedAt: d.endpointChangedAt,
  };
}

const BINDING_SELECT = {
  id: true,
  name: true,
  kind: true,
  deployedVersion: { select: { id: true, number: true, code: true, handlers: true, settingsSchema: true } },
} as const;

interface BindingRow {
  id: string;
  name: string;
  kind: FunctionKind;
  deployedVersion: { id: string; number: number; code: string; handlers: string[]; settingsSchema: unknown } | null;
}

/** The code reads only what its deployed version declares: stored values of those settings, and the secrets. */
function bind(
  f: BindingRow,
  instanceKey: string,
  stored: unknown,
  secrets: Record<string, string>,
): FunctionBinding | null {
  const v = f.deployedVersion;
  if (!v) return null;
  const defs = settingsOf(v.settingsSchema);
  const declaredSecrets = defs
    .filter((s) => s.type === 'secret' && s.name in secrets)
    .map((s) => [s.name, secrets[s.name]]);
  const settings = { ...knownSettings(functionCatalogEntry(defs), stored), ...Object.fromEntries(declaredSecrets) };
  return {
    functionId: f.id,
    name: f.name,
    kind: f.kind,
    versionId: v.id,
    version: v.number,
    code: v.code,
    handlers: v.handlers,
    instanceKey,
    settings,
  };
}

function objectOf(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const runtimes = sharedTtlCache('destinations.runtime', load, { ttlMs: TTL_MS, max: 10_000 });

export function getDestinationRuntime(id: string): Promise<DestinationRuntime | null> {
  return runtimes.get(id);
}

// A change reaches this process's delivery worker threads at once; the TTL remains the
// bound for workers in other processes.
/** Drops the cached runtime of one destination (or all of them), in every thread of this process. */
export const invalidateDestinationRuntime: (id?: string) => void = invalidationAcrossThreads(
  'privacy-console:destination-runtime',
  runtimes,
);
