import 'server-only';
import type { Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { requireRecentReauth } from '@/lib/server/sessions/reauth';
import { importPublicKey, KeyError, type ImportedKey } from '@/lib/crypto/keys';
import type { PublicKeyInput } from '@/lib/schemas/encryption';
import { catalogEntry, FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import type { KeyFamilies } from '@/lib/privacy/key-families';
import type { FieldOption } from '@/lib/server/destinations/protection/fields';
import { normalizeFieldList } from '@/lib/server/destinations/protection/fields';
import { loadProtectionRow, type ProtectionRow } from '@/lib/server/destinations/protection/state';

/**
 * Loads the destination (tenant-scoped, 404 otherwise) and holds its row lock
 * until commit, so two concurrent key rotations cannot both leave a "current"
 * key behind, and the never-both rule is checked against committed state.
 */
export async function lockProtectionRow(tx: Tx, ctx: WorkspaceCtx, destinationId: string): Promise<ProtectionRow> {
  await tx.$queryRaw`SELECT id FROM "Destination" WHERE id = ${destinationId}::uuid AND "workspaceId" = ${ctx.workspace.id}::uuid FOR UPDATE`;
  return loadProtectionRow(tx, ctx, destinationId);
}

/** ASVS 5.0 (V6/V7): sensitive changes in a HIPAA-eligible workspace need a fresh password or TOTP. */
export async function requireReauthForProtection(ctx: WorkspaceCtx): Promise<void> {
  if (ctx.workspace.hipaaEligible) await requireRecentReauth(ctx);
}

const bad = (path: string, message: string) =>
  new AppError('validation_failed', message, { fields: [{ path, message }] });

/**
 * Normalises the submitted list. Fields being added must be Yellow options;
 * fields that were already selected may stay even if their classification
 * changed since (changes are forward-looking and removing them is the user's call).
 */
export function checkFields(
  requested: readonly string[],
  options: readonly FieldOption[],
  already: readonly string[],
  path = 'fields',
): string[] {
  const fields = normalizeFieldList(requested);
  if (fields.length === 0) throw bad(path, 'Select at least one field.');
  const allowed = new Set(options.map((o) => o.key));
  const kept = new Set(already);
  const missing = fields.filter((f) => !allowed.has(f) && !kept.has(f));
  if (missing.length) {
    throw bad(
      path,
      `Not a Yellow field: ${missing
        .slice(0, 5)
        .map((f) => `"${f}"`)
        .join(', ')}. Classify it Yellow in the Privacy Portal first; matching is exact, not fuzzy.`,
    );
  }
  return fields;
}

/**
 * A field is either encrypted or hashed for one destination, never both. With the
 * workspace's key families, two spellings of one field count as the same field
 * ("email" and "e mail"): each covers the other's keys, so the pair would be ambiguous.
 */
export function assertNotBoth(
  encrypted: readonly string[],
  hashed: readonly string[],
  changing: 'encryption' | 'hashing',
  path = 'fields',
  families?: KeyFamilies,
): void {
  const [mine, theirs] = changing === 'encryption' ? [encrypted, hashed] : [hashed, encrypted];
  const exact = new Set(theirs);
  const theirFamilies = new Map<string, string>();
  for (const f of theirs) {
    const id = families?.familyOf(f) ?? null;
    if (id !== null && !theirFamilies.has(id)) theirFamilies.set(id, f);
  }
  const both: string[] = [];
  for (const f of mine) {
    if (exact.has(f)) {
      both.push(`"${f}"`);
      continue;
    }
    const id = families?.familyOf(f) ?? null;
    const other = id === null ? undefined : theirFamilies.get(id);
    if (other !== undefined) both.push(`"${f}" (as "${other}", one ${families?.family(id!)?.name ?? 'field'} field)`);
  }
  if (both.length === 0) return;
  const list = both.slice(0, 5).join(', ');
  const other = changing === 'encryption' ? 'hashed' : 'encrypted';
  throw bad(
    path,
    `A field cannot be both encrypted and hashed for one destination: ${list} ${both.length === 1 ? 'is' : 'are'} already ${other}. Remove ${both.length === 1 ? 'it' : 'them'} from ${changing === 'encryption' ? 'hashing' : 'encryption'} first.`,
  );
}

/** Validates a submitted SPKI PEM; every message is safe to show and never quotes key material. */
export function importKeyOr400(input: PublicKeyInput, path = 'publicKey'): ImportedKey {
  let key: ImportedKey;
  try {
    key = importPublicKey(input.pem.trim());
  } catch (e) {
    if (e instanceof KeyError) throw bad(`${path}.pem`, e.message);
    throw bad(`${path}.pem`, 'The public key could not be read.');
  }
  if (input.fingerprint && input.fingerprint !== key.fingerprint) {
    throw bad(
      `${path}.fingerprint`,
      'The key fingerprint computed in your browser does not match the key the server received. Nothing was saved; generate the keys again.',
    );
  }
  return key;
}

/**
 * How fingerprints appear in audit rows: "sha256:<hex>". The prefix names the
 * digest (as ssh-keygen does) and keeps the value from looking like a bare
 * secret to the audit sanitiser, which drops long hex/base64 runs.
 */
export const auditFingerprint = (hex: string | null | undefined): string | null => (hex ? `sha256:${hex}` : null);

/** A Destination Function's code decides what leaves; the built-in transform does not run in front of it. */
export function assertBuiltInProtection(catalogId: string, what: 'encryption' | 'hashing', path = 'fields'): void {
  if (catalogId === FUNCTION_CATALOG_ID) {
    throw bad(
      path,
      `A Destination Function has no built-in ${what}: its code decides what leaves. Remove, hash or encrypt fields in the code.`,
    );
  }
}

/** Segment: data encryption applies to event-stream (cloud-mode) destinations only. */
export function assertStreamingDestination(catalogId: string, path = 'fields'): void {
  assertBuiltInProtection(catalogId, 'encryption', path);
  const entry = catalogEntry(catalogId);
  if (entry && !entry.cloudModeStreaming) {
    throw bad(
      path,
      `Data encryption is available for event-stream (cloud-mode) destinations only; ${entry.name} loads data in batches.`,
    );
  }
}
