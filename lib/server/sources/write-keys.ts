import 'server-only';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { WRITE_KEY_PREFIX_LENGTH } from '@/lib/sources/write-key-display';

export { WRITE_KEY_PREFIX_LENGTH };

// Write keys are shown once and stored only as a SHA-256 hash (they are 190+
// bits of randomness, so a fast hash is safe and keeps ingest lookups cheap).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateWriteKey(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

export function hashWriteKey(key: string): string {
  return sha256Hex(`writekey:${key}`);
}

export function writeKeyPrefix(key: string): string {
  return key.slice(0, WRITE_KEY_PREFIX_LENGTH);
}
