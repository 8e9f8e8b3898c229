/**
 * Reverse of the transform's encryption, for the operator-side decrypt command.
 * Kept out of scripts/ so it is unit-testable and usable from other tooling.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { decryptValue, looksEncrypted } from './field-encryption';
import { parsePath, type PathSegment } from './paths';
import { PROTECTED_SECTIONS, STAMP_KEY, type EncryptionStamp } from './transform';

export interface PrivateKeyInfo {
  readonly key: KeyObject;
  /** Fingerprint of the matching public key, comparable to context.encryption.keyFingerprint. */
  readonly fingerprint: string;
  readonly modulusBytes: number;
}

/** Raised when an event names a different key; the message never contains key material. */
export class KeyMismatchError extends Error {
  constructor(eventFingerprint: string, keyFingerprint: string) {
    super(`this event was encrypted with key ${eventFingerprint}, your key is ${keyFingerprint}`);
    this.name = 'KeyMismatchError';
  }
}

export function loadPrivateKey(pem: string | Buffer, passphrase?: string): PrivateKeyInfo {
  const key = createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`expected an RSA private key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return { key, fingerprint: createHash('sha256').update(der).digest('hex'), modulusBytes: Math.ceil(bits / 8) };
}

type Json = Record<string, unknown> | unknown[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStamp(v: unknown): v is EncryptionStamp {
  return (
    isObject(v) &&
    typeof v.keyFingerprint === 'string' &&
    Array.isArray(v.fields) &&
    v.fields.every((f) => typeof f === 'string') &&
    (v.nonString === undefined || (Array.isArray(v.nonString) && v.nonString.every((f) => typeof f === 'string')))
  );
}

function getChild(container: Json, seg: PathSegment): unknown {
  if (typeof seg === 'number') return Array.isArray(container) ? container[seg] : undefined;
  return isObject(container) && Object.hasOwn(container, seg) ? container[seg] : undefined;
}

function setChild(container: Json, seg: PathSegment, value: unknown): void {
  if (Array.isArray(container)) container[seg as number] = value;
  else Object.defineProperty(container, seg, { value, enumerable: true, writable: true, configurable: true });
}

function decryptAtPath(root: Record<string, unknown>, path: string, pk: PrivateKeyInfo, asJson: boolean): void {
  const segs = parsePath(path);
  let container: unknown = root;
  for (const seg of segs.slice(0, -1)) container = getChild(container as Json, seg);
  const last = segs[segs.length - 1];
  if (typeof container !== 'object' || container === null) throw new Error(`${path}: not found in event`);
  const value = getChild(container as Json, last);
  if (typeof value !== 'string') throw new Error(`${path}: expected an encrypted string, found ${typeof value}`);
  let plain: string;
  try {
    plain = decryptValue(value, pk.key);
  } catch (e) {
    throw new Error(`${path}: could not decrypt (${(e as Error).message})`);
  }
  let restored: unknown = plain;
  if (asJson) {
    try {
      restored = JSON.parse(plain);
    } catch {
      throw new Error(`${path}: listed as non-string but the plaintext is not JSON`);
    }
  }
  setChild(container as Json, last, restored);
}

// Without a stamp there is no type information: values come back as their string form.
function scan(v: unknown, pk: PrivateKeyInfo): { value: unknown; count: number } {
  if (typeof v === 'string') {
    if (!looksEncrypted(v, pk.modulusBytes)) return { value: v, count: 0 };
    try {
      return { value: decryptValue(v, pk.key), count: 1 };
    } catch {
      return { value: v, count: 0 }; // looked like ciphertext but is not ours: leave it
    }
  }
  if (typeof v !== 'object' || v === null) return { value: v, count: 0 };
  let count = 0;
  const c = v as Json;
  for (const k of Array.isArray(c) ? c.keys() : Object.keys(c)) {
    const r = scan(getChild(c, k), pk);
    if (r.count > 0) setChild(c, k, r.value);
    count += r.count;
  }
  return { value: v, count };
}

/**
 * Decrypt one event (returns a copy). With a `context.encryption` stamp: checks
 * the key fingerprint, decrypts exactly the listed paths, JSON-parses the
 * `nonString` ones, and removes the stamp (it no longer describes the event).
 * Without a stamp: decrypts any string in context/traits/properties that is
 * ciphertext for this key. Nothing else is changed.
 */
export function decryptEvent(event: unknown, pk: PrivateKeyInfo): { event: unknown; decrypted: number } {
  if (!isObject(event)) return { event, decrypted: 0 };
  const out = structuredClone(event);
  const ctx = out.context;
  const stamp = isObject(ctx) ? ctx[STAMP_KEY] : undefined;
  if (stamp !== undefined) {
    if (!isStamp(stamp)) throw new Error(`context.${STAMP_KEY} is malformed`);
    if (stamp.alg !== 'RSA-OAEP-256') throw new Error(`unsupported encryption alg ${JSON.stringify(stamp.alg)}`);
    if (stamp.keyFingerprint !== pk.fingerprint) throw new KeyMismatchError(stamp.keyFingerprint, pk.fingerprint);
    const nonString = new Set(stamp.nonString ?? []);
    for (const path of stamp.fields) decryptAtPath(out, path, pk, nonString.has(path));
    delete (ctx as Record<string, unknown>)[STAMP_KEY];
    return { event: out, decrypted: stamp.fields.length };
  }
  let decrypted = 0;
  for (const section of PROTECTED_SECTIONS) {
    if (Object.hasOwn(out, section)) decrypted += scan(out[section], pk).count;
  }
  return { event: out, decrypted };
}
