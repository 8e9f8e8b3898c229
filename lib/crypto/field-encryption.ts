/**
 * Per-value encryption for destination payloads.
 *
 * WIRE FORMAT (see FORMAT.md for the openssl recipes):
 *
 *   plaintext P = UTF-8 of the value's string form
 *                 (strings as-is; every other JSON value is JSON.stringify'd, so 42 -> "42").
 *
 *   1. Single block, when byteLength(P) <= modulusBits/8 - 66:
 *        base64( RSAES-OAEP(SHA-256, MGF1-SHA-256, empty label)(P) )
 *      Plain standard base64, decryptable by `openssl pkeyutl` alone (interop first).
 *
 *   2. Hybrid envelope, for anything longer (never truncated, never rejected):
 *        "pcenc1." base64(RSA-OAEP-SHA256(K)) "." base64(IV) "." base64(C || T)
 *      K = fresh random 32-byte AES-256 key, IV = fresh random 12 bytes,
 *      C || T = AES-256-GCM ciphertext of P followed by its 16-byte tag, no AAD.
 *
 *   Standard base64 has no '.', so the two forms can never be confused: a string
 *   containing '.' is an envelope (and must start with a known version tag).
 *
 * Node's OAEP default hash is SHA-1; oaepHash: 'sha256' is passed on every call
 * (Node uses the same hash for MGF1, matching rsa_mgf1_md:sha256).
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { maxOaepPlaintext, type ImportedKey } from './keys';

export const ENVELOPE_V1 = 'pcenc1';
const ENVELOPE_PREFIX = `${ENVELOPE_V1}.`;
const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const OAEP = constants.RSA_PKCS1_OAEP_PADDING;
// Strict: Buffer.from(s, 'base64') silently skips garbage, which would turn a
// corrupt value into a confusing OpenSSL error instead of a clear one.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The text that gets encrypted; also what decryptValue returns. */
export function stringForm(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  // JSON.stringify(undefined) is undefined; treat like JSON's own null for absent values.
  return json === undefined ? 'null' : json;
}

function oaepEncrypt(key: KeyObject, data: Buffer): Buffer {
  return publicEncrypt({ key, padding: OAEP, oaepHash: 'sha256' }, data);
}

function oaepDecrypt(key: KeyObject, data: Buffer): Buffer {
  return privateDecrypt({ key, padding: OAEP, oaepHash: 'sha256' }, data);
}

/** Encrypt one field value; always returns a string (see WIRE FORMAT above). */
export function encryptValue(value: unknown, key: ImportedKey): string {
  const plain = Buffer.from(stringForm(value), 'utf8');
  if (plain.length <= maxOaepPlaintext(key.modulusBits)) {
    return oaepEncrypt(key.key, plain).toString('base64');
  }
  const aesKey = randomBytes(AES_KEY_BYTES);
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const wrapped = oaepEncrypt(key.key, aesKey);
  aesKey.fill(0);
  return `${ENVELOPE_PREFIX}${wrapped.toString('base64')}.${iv.toString('base64')}.${body.toString('base64')}`;
}

/** Thrown for malformed input; OpenSSL errors (wrong key, tampering) propagate as-is. */
export class CiphertextFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiphertextFormatError';
  }
}

function b64(part: string, what: string): Buffer {
  if (part.length === 0 || part.length % 4 !== 0 || !BASE64.test(part)) {
    throw new CiphertextFormatError(`${what} is not standard base64`);
  }
  return Buffer.from(part, 'base64');
}

/** True if `s` is syntactically one of the two forms; cheap pre-filter for scanning. */
export function looksEncrypted(s: string, modulusBytes: number): boolean {
  if (s.startsWith(ENVELOPE_PREFIX)) return s.split('.').length === 4;
  // base64 length of exactly one RSA block.
  return s.length === Math.ceil(modulusBytes / 3) * 4 && BASE64.test(s);
}

/** Decrypt either form back to the value's string form. */
export function decryptValue(ciphertext: string, privateKey: KeyObject | string): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (!ciphertext.includes('.')) {
    return oaepDecrypt(key, b64(ciphertext, 'ciphertext')).toString('utf8');
  }
  const parts = ciphertext.split('.');
  if (parts[0] !== ENVELOPE_V1) {
    throw new CiphertextFormatError(`unsupported envelope version "${parts[0].slice(0, 16)}"`);
  }
  if (parts.length !== 4) throw new CiphertextFormatError(`${ENVELOPE_V1} envelope must have 4 parts`);
  const iv = b64(parts[2], 'IV');
  const body = b64(parts[3], 'ciphertext');
  if (iv.length !== GCM_IV_BYTES) throw new CiphertextFormatError('IV is not 12 bytes');
  if (body.length < GCM_TAG_BYTES) throw new CiphertextFormatError('ciphertext shorter than the GCM tag');
  const aesKey = oaepDecrypt(key, b64(parts[1], 'wrapped key'));
  try {
    if (aesKey.length !== AES_KEY_BYTES) throw new CiphertextFormatError('wrapped key is not 32 bytes');
    // Pinning authTagLength means a shorter tag can never be accepted.
    const decipher = createDecipheriv('aes-256-gcm', aesKey, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAuthTag(body.subarray(body.length - GCM_TAG_BYTES));
    const tail = decipher.update(body.subarray(0, body.length - GCM_TAG_BYTES));
    return Buffer.concat([tail, decipher.final()]).toString('utf8');
  } finally {
    aesKey.fill(0);
  }
}
