import 'server-only';
import { seal, unseal } from '@/lib/server/platform/seal';

// Secret destination settings (API secrets, tokens, passwords) are stored as one
// sealed JSON object in Destination.secretsEnc, AES-256-GCM under the app key,
// with the destination id as associated data so a sealed blob copied onto
// another destination row does not open.

export type SecretMap = Record<string, string>;
export interface SecretSummary {
  set: true;
  last4: string | null;
}

/**
 * Associated data of an Insert Function's sealed secrets: bound to the
 * destination, and apart from its own secrets (a blob moved between the two
 * columns does not open).
 */
export function insertSecretsAad(destinationId: string): string {
  return `${destinationId}:insert-function`;
}

export function sealSecrets(destinationId: string, secrets: SecretMap): string | null {
  return Object.keys(secrets).length ? seal(JSON.stringify(secrets), destinationId) : null;
}

export function openSecrets(destinationId: string, secretsEnc: string | null): SecretMap {
  if (!secretsEnc) return {};
  const parsed: unknown = JSON.parse(unseal(secretsEnc, destinationId));
  const out: SecretMap = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/**
 * What the browser may learn about a secret: that it is set, and for long ones
 * the last four characters so a user can tell which credential is in use.
 * Short secrets reveal nothing (four characters of an 8-character secret is too much).
 */
export function summarizeSecrets(secrets: SecretMap): Record<string, SecretSummary> {
  const out: Record<string, SecretSummary> = {};
  for (const [k, v] of Object.entries(secrets)) out[k] = { set: true, last4: v.length >= 16 ? v.slice(-4) : null };
  return out;
}
