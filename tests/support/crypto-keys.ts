/**
 * Test-only helpers (not imported by production code).
 * `normalizeKeyStandIn` approximates lib/privacy/normalize.ts, which is being
 * written separately; the transform takes the normaliser as a parameter.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { importPublicKey, type ImportedKey } from '@/lib/crypto/keys';

export function normalizeKeyStandIn(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

export interface TestKeyPair {
  imported: ImportedKey;
  publicPem: string;
  privateKey: KeyObject;
  privatePem: string;
}

export function makeKeyPair(modulusLength: number): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    imported: importPublicKey(publicPem),
    publicPem,
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
