import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintPublicPem, generateEncryptionKeyPair } from './browser-keys';
import { decryptValue, encryptValue } from './field-encryption';
import { importPublicKey } from './keys';

// The browser's key ceremony, run on Node's WebCrypto: the PEMs it produces
// must be exactly what the server, Node and stock OpenSSL expect.
describe('generateEncryptionKeyPair (WebCrypto)', () => {
  it('RSA-2048: SPKI accepted by the server importer, same fingerprint, PKCS#8 decrypts', async () => {
    const kp = await generateEncryptionKeyPair(2048);
    expect(kp.publicKeyPem).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/,
    );
    expect(kp.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const imported = importPublicKey(kp.publicKeyPem);
    expect(imported.modulusBits).toBe(2048);
    expect(kp.fingerprint).toBe(imported.fingerprint);
    expect(await fingerprintPublicPem(kp.publicKeyPem)).toBe(imported.fingerprint);
    const priv = createPrivateKey(kp.privateKeyPem);
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    for (const v of ['jane@example.com', 'x'.repeat(400), { a: 1 }]) {
      expect(decryptValue(encryptValue(v, imported), kp.privateKeyPem)).toBe(
        typeof v === 'string' ? v : JSON.stringify(v),
      );
    }
  });

  it('RSA-3072 (the default) interoperates with openssl pkeyutl', async () => {
    const kp = await generateEncryptionKeyPair(3072);
    const imported = importPublicKey(kp.publicKeyPem);
    expect(imported.modulusBits).toBe(3072);
    const ct = Buffer.from(encryptValue('Ünïcödé 🧬', imported), 'base64');
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    try {
      execFileSync('bash', ['-c', 'umask 077 && cat > "$1/private.pem"', '_', dir], { input: kp.privateKeyPem });
      const out = execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-decrypt',
          '-inkey',
          `${dir}/private.pem`,
          '-pkeyopt',
          'rsa_padding_mode:oaep',
          '-pkeyopt',
          'rsa_oaep_md:sha256',
          '-pkeyopt',
          'rsa_mgf1_md:sha256',
        ],
        { input: ct },
      );
      expect(out.toString('utf8')).toBe('Ünïcödé 🧬');
      const fp = execFileSync('bash', [
        '-c',
        'openssl pkey -in "$1/private.pem" -pubout -outform DER | openssl dgst -sha256 -r',
        '_',
        dir,
      ])
        .toString()
        .split(' ')[0];
      expect(fp).toBe(kp.fingerprint);
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  }, 30_000);

  it('fingerprintPublicPem: null for anything but one SPKI block', async () => {
    expect(await fingerprintPublicPem('hello')).toBeNull();
    expect(await fingerprintPublicPem('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toBeNull();
  });
});
