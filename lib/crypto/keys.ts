/**
 * RSA public-key import for destination field encryption.
 *
 * Pure module (no database, no 'server-only'): the console UI validates a key
 * the customer pastes, and the event pipeline encrypts with it, using the same
 * code. Parsing a PEM is 5-9x more expensive than the RSA-OAEP public operation
 * itself, so imported keys are memoised in a small LRU keyed by the PEM text.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** Smallest modulus we accept; NIST SP 800-57 deprecates < 2048 bits. */
export const MIN_MODULUS_BITS = 2048;
/** Largest modulus we accept; bigger keys are a CPU-exhaustion vector for no real gain. */
export const MAX_MODULUS_BITS = 16384;

export type KeyErrorCode =
  'not_spki_pem' | 'pkcs1_pem' | 'private_key' | 'unparseable' | 'not_rsa' | 'too_small' | 'too_large' | 'bad_exponent';

/** Thrown for any key the console must refuse; `message` is safe to show to the user. */
export class KeyError extends Error {
  readonly code: KeyErrorCode;
  constructor(code: KeyErrorCode, message: string) {
    super(message);
    this.name = 'KeyError';
    this.code = code;
  }
}

export interface ImportedKey {
  readonly key: KeyObject;
  /** Lower-case hex SHA-256 of the DER-encoded SubjectPublicKeyInfo. */
  readonly fingerprint: string;
  readonly modulusBits: number;
}

/**
 * Largest plaintext (bytes) one RSAES-OAEP-SHA256 block can carry:
 * k - 2*hLen - 2 with hLen = 32, i.e. bits/8 - 66 (190 / 318 / 446 for 2048 / 3072 / 4096).
 */
export function maxOaepPlaintext(modulusBits: number): number {
  return Math.floor(modulusBits / 8) - 66;
}

/**
 * Same value as `openssl pkey -pubin -in pub.pem -outform DER | openssl dgst -sha256`,
 * so an operator can identify a key without this code.
 */
export function fingerprintSpkiDer(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

// Exactly one SPKI block, nothing else. createPublicKey() would also accept
// private keys and certificates and silently derive a public key from them;
// a private key pasted into a destination form must be refused, not used.
const SPKI_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----$/;

function classifyNonSpki(text: string): KeyError {
  if (/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
    return new KeyError(
      'private_key',
      'This is a PRIVATE key. Paste the PUBLIC key only (openssl pkey -in private.pem -pubout) and keep the private key offline.',
    );
  }
  if (text.includes('-----BEGIN RSA PUBLIC KEY-----')) {
    return new KeyError(
      'pkcs1_pem',
      'This is a PKCS#1 "RSA PUBLIC KEY". Convert it to SPKI: openssl rsa -RSAPublicKey_in -in key.pem -pubout',
    );
  }
  return new KeyError('not_spki_pem', 'Expected a single PEM block starting with "-----BEGIN PUBLIC KEY-----" (SPKI).');
}

function parse(pem: string): ImportedKey {
  const text = pem.trim();
  if (!SPKI_PEM.test(text)) throw classifyNonSpki(text);

  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    // Node's message is about DER internals; the user needs to know it is corrupt.
    throw new KeyError('unparseable', 'The public key could not be parsed (corrupt or truncated PEM).');
  }
  // 'rsa-pss' keys are restricted to signatures and cannot do OAEP.
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyError(
      'not_rsa',
      `Expected an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}. Field encryption uses RSA-OAEP.`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) {
    throw new KeyError(
      'too_small',
      `RSA key is ${bits} bits; at least ${MIN_MODULUS_BITS} bits are required (3072 recommended).`,
    );
  }
  if (bits > MAX_MODULUS_BITS) {
    throw new KeyError('too_large', `RSA key is ${bits} bits; at most ${MAX_MODULUS_BITS} bits are supported.`);
  }
  const e = key.asymmetricKeyDetails?.publicExponent;
  if (e === undefined || e < 3n || e % 2n === 0n) {
    throw new KeyError('bad_exponent', 'RSA public exponent is invalid (must be odd and >= 3; 65537 is standard).');
  }
  const der = key.export({ type: 'spki', format: 'der' });
  return Object.freeze({ key, fingerprint: fingerprintSpkiDer(der), modulusBits: bits });
}

// A handful of destinations per process is typical; 32 bounds memory while
// keeping every active key hot. Map iteration order gives LRU for free.
const CACHE_LIMIT = 32;
const cache = new Map<string, ImportedKey>();

/** Validate and import an SPKI PEM RSA public key. Throws KeyError. */
export function importPublicKey(pem: string): ImportedKey {
  const hit = cache.get(pem);
  if (hit) {
    cache.delete(pem);
    cache.set(pem, hit);
    return hit;
  }
  const imported = parse(pem);
  cache.set(pem, imported);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return imported;
}

/** Test hook: the cache is process-global. */
export function clearKeyCache(): void {
  cache.clear();
}
