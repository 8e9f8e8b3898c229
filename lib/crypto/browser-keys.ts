/**
 * Key pair generation for "Generate Encryption Keys", run in the customer's
 * browser with WebCrypto (also runs under Node 20, which is how it is tested).
 *
 * The private key is exported once as PKCS#8 PEM for the one-time modal and
 * never sent anywhere: callers send `publicKeyPem` (SPKI) and `fingerprint`
 * only. The fingerprint is the same value the server computes
 * (lib/crypto/keys.ts: hex SHA-256 of the SPKI DER), so the two can be compared.
 */

export const BROWSER_MODULUS_CHOICES = [2048, 3072, 4096] as const;
export type ModulusBits = (typeof BROWSER_MODULUS_CHOICES)[number];

export interface GeneratedKeyPair {
  publicKeyPem: string;
  /** PKCS#8 "-----BEGIN PRIVATE KEY-----"; show once, then drop every reference. */
  privateKeyPem: string;
  fingerprint: string;
  modulusBits: ModulusBits;
}

function subtleOrThrow(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  // WebCrypto only exists in secure contexts (https, or http://localhost).
  if (!s) throw new Error('This browser cannot generate keys here: WebCrypto needs a secure (HTTPS) page.');
  return s;
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function derToPem(der: ArrayBuffer, label: 'PUBLIC KEY' | 'PRIVATE KEY'): string {
  const lines = base64(new Uint8Array(der)).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fingerprintSpki(der: ArrayBuffer): Promise<string> {
  return hex(await subtleOrThrow().digest('SHA-256', der));
}

/** SPKI PEM → fingerprint, for showing which key a pasted (BYOK) PEM is. Null if it is not one SPKI block. */
export async function fingerprintPublicPem(pem: string): Promise<string | null> {
  const m = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----$/.exec(pem.trim());
  if (!m) return null;
  try {
    const bin = atob(m[1].replace(/\s+/g, ''));
    const der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
    return await fingerprintSpki(der.buffer);
  } catch {
    return null;
  }
}

export async function generateEncryptionKeyPair(modulusBits: ModulusBits): Promise<GeneratedKeyPair> {
  const subtle = subtleOrThrow();
  const pair = await subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: modulusBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, // extractable: the private key must be exported once for the customer to keep
    ['encrypt', 'decrypt'],
  );
  const [spki, pkcs8] = await Promise.all([
    subtle.exportKey('spki', pair.publicKey),
    subtle.exportKey('pkcs8', pair.privateKey),
  ]);
  return {
    publicKeyPem: derToPem(spki, 'PUBLIC KEY'),
    privateKeyPem: derToPem(pkcs8, 'PRIVATE KEY'),
    fingerprint: await fingerprintSpki(spki),
    modulusBits,
  };
}
