import { execFileSync, spawnSync } from 'node:child_process';
import { constants, privateDecrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CiphertextFormatError, decryptValue, encryptValue, stringForm } from './field-encryption';
import { makeKeyPair, type TestKeyPair } from '@/tests/support/crypto-keys';

const PLAIN_B64 = /^[A-Za-z0-9+/]+={0,2}$/;

let k2048: TestKeyPair;
beforeAll(() => {
  k2048 = makeKeyPair(2048);
});

function form(ct: string, modulusBytes: number): 'single' | 'envelope' {
  if (ct.startsWith('pcenc1.')) return 'envelope';
  expect(ct).toMatch(PLAIN_B64);
  expect(Buffer.from(ct, 'base64').length).toBe(modulusBytes);
  return 'single';
}

describe('round trip (property-based)', () => {
  it('any JSON value decrypts to its JSON text (strings to themselves)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => {
        const ct = encryptValue(v, k2048.imported);
        expect(decryptValue(ct, k2048.privateKey)).toBe(typeof v === 'string' ? v : JSON.stringify(v));
      }),
      { numRuns: 150 },
    );
  });

  it('any unicode string (incl. astral) round-trips exactly, either form', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        expect(decryptValue(encryptValue(s, k2048.imported), k2048.privateKey)).toBe(s);
      }),
      { numRuns: 150 },
    );
  });

  it('non-strings use JSON text: 42 -> "42", objects -> JSON', () => {
    expect(decryptValue(encryptValue(42, k2048.imported), k2048.privatePem)).toBe('42');
    expect(decryptValue(encryptValue({ a: [1, true] }, k2048.imported), k2048.privateKey)).toBe('{"a":[1,true]}');
    expect(stringForm(undefined)).toBe('null');
  });

  it('is randomised (OAEP) so equal values do not produce equal ciphertexts', () => {
    expect(encryptValue('x', k2048.imported)).not.toBe(encryptValue('x', k2048.imported));
  });
});

describe('single-block vs envelope boundary is UTF-8 byte length', () => {
  const cases: Array<[number, number]> = [
    [2048, 190],
    [3072, 318],
    [4096, 446],
  ];
  for (const [bits, max] of cases) {
    it(`RSA-${bits}: ${max} bytes -> single block, ${max + 1} -> pcenc1`, () => {
      const kp = bits === 2048 ? k2048 : makeKeyPair(bits);
      const bytes = bits / 8;
      const ascii = 'a'.repeat(max);
      const accents = 'é'.repeat(max / 2); // 2 bytes each, max is even
      const emoji = '😀'.repeat(Math.floor(max / 4)) + 'a'.repeat(max % 4); // 4 bytes each
      for (const fits of [ascii, accents, emoji]) {
        expect(Buffer.byteLength(fits)).toBe(max);
        const over = `${fits}a`;
        const a = encryptValue(fits, kp.imported);
        const b = encryptValue(over, kp.imported);
        expect(form(a, bytes)).toBe('single');
        expect(form(b, bytes)).toBe('envelope');
        expect(decryptValue(a, kp.privateKey)).toBe(fits);
        expect(decryptValue(b, kp.privateKey)).toBe(over);
      }
      // Char length alone would wrongly pick the single block here.
      const short = 'é'.repeat(max / 2 + 1);
      expect(short.length).toBeLessThan(max);
      expect(form(encryptValue(short, kp.imported), bytes)).toBe('envelope');
      // Non-strings: the JSON text's byte length decides (["..."] adds 4 bytes).
      const arr = ['é'.repeat((max - 4) / 2)];
      expect(Buffer.byteLength(JSON.stringify(arr))).toBe(max);
      expect(form(encryptValue(arr, kp.imported), bytes)).toBe('single');
      expect(form(encryptValue([`${arr[0]}a`], kp.imported), bytes)).toBe('envelope');
    }, 60_000);
  }

  it('very large values are never truncated', () => {
    const big = '🧬'.repeat(50_000);
    const ct = encryptValue(big, k2048.imported);
    expect(ct.startsWith('pcenc1.')).toBe(true);
    expect(decryptValue(ct, k2048.privateKey)).toBe(big);
  });
});

describe('tamper and format errors', () => {
  it('rejects a flipped GCM byte', () => {
    const ct = encryptValue('x'.repeat(500), k2048.imported);
    const parts = ct.split('.');
    const body = Buffer.from(parts[3], 'base64');
    body[0] ^= 1;
    parts[3] = body.toString('base64');
    expect(() => decryptValue(parts.join('.'), k2048.privateKey)).toThrow();
  });

  it('rejects unknown versions, wrong part counts and non-base64', () => {
    expect(() => decryptValue('pcenc9.a.b.c', k2048.privateKey)).toThrow(/unsupported envelope version/);
    expect(() => decryptValue('pcenc1.AAAA.AAAA', k2048.privateKey)).toThrow(CiphertextFormatError);
    expect(() => decryptValue('not base64!', k2048.privateKey)).toThrow(/base64/);
  });

  it('a different private key cannot decrypt', () => {
    const other = makeKeyPair(2048);
    expect(() => decryptValue(encryptValue('secret', k2048.imported), other.privateKey)).toThrow();
  });
});

describe('OpenSSL interop', () => {
  let dir: string;
  let keyFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pc-crypto-'));
    keyFile = path.join(dir, 'private.pem');
    writeFileSync(keyFile, k2048.privatePem, { mode: 0o600 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const oaep = (md: string): string[] => [
    'pkeyutl',
    '-decrypt',
    '-inkey',
    keyFile,
    '-pkeyopt',
    'rsa_padding_mode:oaep',
    '-pkeyopt',
    `rsa_oaep_md:${md}`,
    '-pkeyopt',
    `rsa_mgf1_md:${md}`,
  ];

  it('openssl pkeyutl (OAEP SHA-256/MGF1-SHA-256) decrypts a single-block value', () => {
    const value = 'Jane Doé 😀 jane@example.com';
    const ct = encryptValue(value, k2048.imported);
    const out = execFileSync('openssl', oaep('sha256'), { input: Buffer.from(ct, 'base64') });
    expect(out.toString('utf8')).toBe(value);
  });

  it('OAEP with SHA-1 (Node/OpenSSL default) fails, proving sha256 is used', () => {
    const ct = Buffer.from(encryptValue('jane@example.com', k2048.imported), 'base64');
    const r = spawnSync('openssl', oaep('sha1'), { input: ct });
    expect(r.status).not.toBe(0);
    expect(r.stdout.toString()).not.toContain('jane');
    expect(() => privateDecrypt({ key: k2048.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, ct)).toThrow();
  });

  // Keeps FORMAT.md honest: its bash blocks run verbatim.
  const doc = readFileSync(path.join(__dirname, 'FORMAT.md'), 'utf8');
  const block = (label: string): string => {
    const m = new RegExp('```bash\\n# ' + label + '\\n([\\s\\S]*?)```').exec(doc);
    if (!m) throw new Error(`FORMAT.md has no "${label}" block`);
    return m[1];
  };
  const runDoc = (label: string, value: string): string =>
    execFileSync('bash', ['-euo', 'pipefail', '-c', block(label)], {
      cwd: dir,
      env: { ...process.env, VALUE: value },
    }).toString('utf8');

  it('FORMAT.md single-block recipe works', () => {
    expect(runDoc('single-block', encryptValue({ n: 42 }, k2048.imported))).toBe('{"n":42}');
  });

  it('FORMAT.md envelope recipe (openssl + node GCM one-liner) works', () => {
    const value = `${'Ünïcödé 🧬 '.repeat(40)}end`;
    const ct = encryptValue(value, k2048.imported);
    expect(ct.startsWith('pcenc1.')).toBe(true);
    expect(runDoc('envelope', ct)).toBe(value);
  });
});
