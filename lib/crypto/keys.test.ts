import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearKeyCache, fingerprintSpkiDer, importPublicKey, KeyError, maxOaepPlaintext } from './keys';
import { makeKeyPair } from '@/tests/support/crypto-keys';

const spki = (k: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }): string =>
  k.export({ type: 'spki', format: 'pem' }).toString();

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeyError);
    return (e as KeyError).code;
  }
  throw new Error('expected a KeyError');
}

describe('importPublicKey', () => {
  it('imports an RSA-2048 SPKI key; fingerprint matches openssl', () => {
    const kp = makeKeyPair(2048);
    expect(kp.imported.modulusBits).toBe(2048);
    expect(kp.imported.key.asymmetricKeyType).toBe('rsa');
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: kp.publicPem });
    expect(kp.imported.fingerprint).toBe(fingerprintSpkiDer(der));
    expect(kp.imported.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const viaOpenssl = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der }).toString().split(' ')[0];
    expect(kp.imported.fingerprint).toBe(viaOpenssl);
  });

  it('caches by PEM text: same object, parsed once', () => {
    clearKeyCache();
    const pem = makeKeyPair(2048).publicPem;
    const a = importPublicKey(pem);
    expect(importPublicKey(pem)).toBe(a);
    expect(importPublicKey(`${pem}\n`)).not.toBe(a); // different text, separate entry
    expect(importPublicKey(`${pem}\n`).fingerprint).toBe(a.fingerprint);
  });

  it('rejects keys under 2048 bits', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(code(() => importPublicKey(spki(publicKey)))).toBe('too_small');
    expect(() => importPublicKey(spki(publicKey))).toThrow(/1024 bits; at least 2048/);
  });

  it('rejects non-RSA keys (EC, Ed25519, RSA-PSS)', () => {
    expect(code(() => importPublicKey(spki(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)))).toBe(
      'not_rsa',
    );
    expect(code(() => importPublicKey(spki(generateKeyPairSync('ed25519').publicKey)))).toBe('not_rsa');
    expect(code(() => importPublicKey(spki(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey)))).toBe(
      'not_rsa',
    );
  });

  it('refuses private keys, PKCS#1 and garbage with actionable messages', () => {
    const kp = makeKeyPair(2048);
    expect(code(() => importPublicKey(kp.privatePem))).toBe('private_key');
    const pkcs1 = kp.imported.key.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(code(() => importPublicKey(pkcs1))).toBe('pkcs1_pem');
    expect(code(() => importPublicKey('hello'))).toBe('not_spki_pem');
    const corrupt = kp.publicPem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
    expect(code(() => importPublicKey(corrupt))).toBe('unparseable');
  });

  it('error messages never echo key material', () => {
    const kp = makeKeyPair(2048);
    try {
      importPublicKey(kp.privatePem);
    } catch (e) {
      const body = kp.privatePem.split('\n')[1];
      expect((e as Error).message).not.toContain(body.slice(0, 20));
    }
  });
});

describe('maxOaepPlaintext', () => {
  it('is bits/8 - 66', () => {
    expect([2048, 3072, 4096].map(maxOaepPlaintext)).toEqual([190, 318, 446]);
  });
});
