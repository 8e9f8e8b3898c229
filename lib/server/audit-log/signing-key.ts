import 'server-only';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The Ed25519 key that signs audit checkpoints. Its whole point is that it lives
// outside the database: someone who can rewrite the audit tables (their owner, a
// superuser, a restored backup) cannot forge a checkpoint without it. It comes from
// AUDIT_SIGNING_KEY or, as npm start keeps it, from .data/secrets.json (generated on
// the first start, like APP_ENCRYPTION_KEY). Accepted forms: a PKCS#8 PEM, or the
// PKCS#8 DER in base64 / base64url (one line, what npm start writes).
//
// Verifying needs only the public key; `npm run audit:verify -- --public-key FILE`
// takes one kept elsewhere, so a verifier need not hold the private key at all.

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of sha256 over the public key's SPKI DER; stored with every checkpoint. */
  keyId: string;
}

function der(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), /[-_]/.test(text) ? 'base64url' : 'base64');
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} is a ${key.asymmetricKeyType} key, not Ed25519.`);
  return key;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

export function parseSigningKey(text: string): SigningKey {
  const t = text.trim();
  const privateKey = ed25519(
    t.startsWith('-----BEGIN') ? createPrivateKey(t) : createPrivateKey({ key: der(t), format: 'der', type: 'pkcs8' }),
    'AUDIT_SIGNING_KEY',
  );
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A public key to verify with: SPKI PEM or base64 DER; a private key is accepted too (its public half is used). */
export function parsePublicKey(text: string): KeyObject {
  const t = text.trim();
  if (/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(t)) return parseSigningKey(t).publicKey;
  if (t.startsWith('-----BEGIN')) return ed25519(createPublicKey(t), 'The public key');
  try {
    return ed25519(createPublicKey({ key: der(t), format: 'der', type: 'spki' }), 'The public key');
  } catch {
    return parseSigningKey(t).publicKey;
  }
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'spki' }).toString();
}

/** Where npm start keeps the secrets it generates (scripts/start.mjs). */
export const secretsFile = (cwd = process.cwd()) => path.join(cwd, '.data', 'secrets.json');

function configuredText(env: NodeJS.ProcessEnv): string | null {
  const fromEnv = env.AUDIT_SIGNING_KEY?.trim();
  if (fromEnv) return fromEnv;
  const file = secretsFile();
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { AUDIT_SIGNING_KEY?: unknown };
    return typeof saved.AUDIT_SIGNING_KEY === 'string' && saved.AUDIT_SIGNING_KEY ? saved.AUDIT_SIGNING_KEY : null;
  } catch {
    return null;
  }
}

let cached: { text: string; key: SigningKey } | null = null;

/** The configured signing key, or null when none is (checkpoints are then not made; the UI says so). */
export function loadSigningKey(env: NodeJS.ProcessEnv = process.env): SigningKey | null {
  const text = configuredText(env);
  if (!text) return null;
  if (cached?.text !== text) cached = { text, key: parseSigningKey(text) };
  return cached.key;
}

/**
 * The public keys a checkpoint may be signed with: the current signing key's, plus
 * any retired ones listed in AUDIT_TRUSTED_PUBLIC_KEYS (comma-separated, base64 SPKI
 * DER as `npm run audit:verify -- --print-public-key` shows it), so checkpoints made
 * before a key rotation still verify.
 */
export function trustedPublicKeys(env: NodeJS.ProcessEnv = process.env): KeyObject[] {
  const keys: KeyObject[] = [];
  const current = loadSigningKey(env);
  if (current) keys.push(current.publicKey);
  for (const item of (env.AUDIT_TRUSTED_PUBLIC_KEYS ?? '').split(',')) {
    if (item.trim()) keys.push(parsePublicKey(item));
  }
  return keys;
}
