import 'server-only';
import { randomBytes } from 'node:crypto';
import { seal, unseal } from '@/lib/server/platform/seal';
import type { OneTimeHashSecret } from '@/lib/schemas/encryption';

// The per-destination HMAC secret of "Have Segment hash sensitive data": generated
// here, sealed at rest under the app key with the destination id as associated
// data, shown once. Its own module so the delivery runtime can open it without
// importing the hashing settings (which invalidate that runtime).

export const HMAC_SECRET_BYTES = 32;
const aad = (destinationId: string) => `${destinationId}:hmac-secret`;

export function newHmacSecret(destinationId: string): { sealed: string; shown: OneTimeHashSecret } {
  const raw = randomBytes(HMAC_SECRET_BYTES);
  const hex = raw.toString('hex');
  raw.fill(0);
  return { sealed: seal(hex, aad(destinationId)), shown: { value: hex, encoding: 'hex', algorithm: 'HMAC-SHA256' } };
}

/** For the pipeline and the preview: the HMAC key bytes. */
export function openHmacSecret(destinationId: string, sealed: string): Buffer {
  return Buffer.from(unseal(sealed, aad(destinationId)), 'hex');
}
