/**
 * Field hashing for destinations that match on identifiers (ad platforms)
 * rather than needing the value back.
 *
 * 'hmac'   HMAC-SHA256(secret, v), hex. Default: without the per-destination
 *          secret nobody can confirm a guessed email/phone against the hash.
 * 'sha256' plain SHA-256(v), hex. Weaker (a dictionary of emails reverses it);
 *          only for destinations whose matching spec demands unkeyed SHA-256.
 *
 * Values are normalised first so that the same person hashes the same way no
 * matter how a form captured them.
 */
import { createHash, createHmac } from 'node:crypto';
import { stringForm } from './field-encryption';

export type HashMode = 'hmac' | 'sha256';

/** A short secret is brute-forceable together with a guessed value; 16 bytes = 128 bits. */
export const MIN_HMAC_SECRET_BYTES = 16;

// Loose on purpose: this only decides whether to lower-case, never validates.
const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_KEY = /email|\be[\s_-]mail/i;
const PHONE_KEY = /phone|mobile|\bcell\b|\btel\b|\bfax\b/i;
const PHONE_NOISE = /[\s\-.()]/g;

function normalizePhone(s: string): string {
  const stripped = s.replace(PHONE_NOISE, '');
  if (!/^\+?\d+$/.test(stripped)) return stripped; // extensions, letters: leave, don't guess
  if (stripped.startsWith('+')) return stripped;
  // NANP: bare 10 digits, or 11 with the trunk '1'. Other countries need a '+' in the data.
  if (stripped.length === 10) return `+1${stripped}`;
  if (stripped.length === 11 && stripped.startsWith('1')) return `+${stripped}`;
  return stripped;
}

/**
 * Canonical text hashed for `value` under the (normalised or raw) field key:
 * trim; emails (by key or by shape) lower-cased; phones to E.164.
 * Non-strings use their JSON text, as encryption does.
 */
export function normalizeForHash(fieldKey: string, value: unknown): string {
  const s = stringForm(value).trim();
  if (PHONE_KEY.test(fieldKey)) return normalizePhone(s);
  if (EMAIL_KEY.test(fieldKey) || EMAIL_VALUE.test(s)) return s.toLowerCase();
  return s;
}

/** Hex digest of an already-normalised value. */
export function hashValue(value: string, mode: HashMode, secret?: Buffer): string {
  if (mode === 'hmac') {
    if (!secret || secret.length < MIN_HMAC_SECRET_BYTES) {
      throw new Error(`HMAC hashing requires a per-destination secret of at least ${MIN_HMAC_SECRET_BYTES} bytes`);
    }
    return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
  }
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
