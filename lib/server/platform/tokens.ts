import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** Opaque random token, URL-safe. Only its hash is ever stored. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
