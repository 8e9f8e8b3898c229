import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Secrets at rest (destination credentials, HMAC secrets, TOTP seeds, sample
// values) are sealed with AES-256-GCM under APP_ENCRYPTION_KEY. The key id is
// stored with each value so keys can be rotated later.
const VERSION = 'v1';

function appKey(): Buffer {
  const raw = process.env.APP_ENCRYPTION_KEY;
  if (!raw) throw new Error('APP_ENCRYPTION_KEY is not set (npm start creates one in .data/secrets.json).');
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('APP_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64).');
  return key;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function seal(plaintext: string, aad = ''): string {
  const key = appKey();
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return [VERSION, keyId(key), iv.toString('base64url'), body.toString('base64url')].join('.');
}

export function unseal(sealed: string, aad = ''): string {
  const [version, , ivB64, bodyB64] = sealed.split('.');
  if (version !== VERSION || !ivB64 || !bodyB64) throw new Error('Unrecognised sealed value');
  const body = Buffer.from(bodyB64, 'base64url');
  const d = createDecipheriv('aes-256-gcm', appKey(), Buffer.from(ivB64, 'base64url'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
}
