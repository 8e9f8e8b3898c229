import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptEvent, KeyMismatchError, loadPrivateKey } from './decrypt-event';
import { makeKeyPair, normalizeKeyStandIn as norm, type TestKeyPair } from '@/tests/support/crypto-keys';
import { applyProtection, type ProtectionPolicy } from './transform';

const ROOT = path.resolve(__dirname, '../..');
let kp: TestKeyPair;
let other: TestKeyPair;
let dir: string;
let keyFile: string;
let otherKeyFile: string;

beforeAll(() => {
  kp = makeKeyPair(2048);
  other = makeKeyPair(2048);
  dir = mkdtempSync(path.join(tmpdir(), 'pc-decrypt-'));
  keyFile = path.join(dir, 'private.pem');
  otherKeyFile = path.join(dir, 'other.pem');
  writeFileSync(keyFile, kp.privatePem, { mode: 0o600 });
  writeFileSync(otherKeyFile, other.privatePem, { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy = (): ProtectionPolicy => ({
  encrypt: { fields: ['email', 'address', 'age', 'consent', 'notes', 'tags'], key: kp.imported },
});

const originals = [
  {
    type: 'identify',
    userId: 'u1',
    context: { library: { name: 'analytics.js' } },
    traits: {
      email: 'jane@example.com',
      age: 42,
      consent: false,
      address: { city: 'Boston', zip: '02139' },
      tags: ['a', 1, null],
    },
  },
  {
    type: 'track',
    event: 'Note Added',
    userId: 'u2',
    context: { ip: '10.1.1.1' },
    properties: { notes: `${'très long 🧬 '.repeat(40)}`, items: [{ email: 'x@y.z', sku: 1 }] },
  },
  { type: 'page', userId: 'u3', context: {}, properties: { path: '/' } }, // nothing to encrypt
];

const protect = (e: object): Record<string, unknown> => applyProtection(e, policy(), norm).event;

function runCli(args: string[], input: string) {
  return spawnSync('npx', ['tsx', 'scripts/decrypt.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}
const lines = (s: string): unknown[] =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('decryptEvent', () => {
  it('restores the original event, types included, and removes the stamp', () => {
    const pk = loadPrivateKey(kp.privatePem);
    for (const o of originals) expect(decryptEvent(protect(o), pk).event).toEqual(o);
  });

  it('without a stamp, decrypts any ciphertext string in the protected sections (as text)', () => {
    const enc = protect(originals[0]);
    delete (enc.context as Record<string, unknown>).encryption;
    const { event, decrypted } = decryptEvent(enc, loadPrivateKey(kp.privatePem));
    expect(decrypted).toBe(5);
    expect((event as { traits: Record<string, unknown> }).traits).toEqual({
      email: 'jane@example.com',
      age: '42',
      consent: 'false',
      address: '{"city":"Boston","zip":"02139"}',
      tags: '["a",1,null]',
    });
  });

  it('wrong key: KeyMismatchError naming both fingerprints', () => {
    const enc = protect(originals[0]);
    const pk = loadPrivateKey(other.privatePem);
    expect(() => decryptEvent(enc, pk)).toThrow(KeyMismatchError);
    expect(() => decryptEvent(enc, pk)).toThrow(
      `this event was encrypted with key ${kp.imported.fingerprint}, your key is ${other.imported.fingerprint}`,
    );
  });
});

describe('scripts/decrypt.ts (end to end)', () => {
  it('NDJSON in, original events out (blank lines and CRLF tolerated)', () => {
    const input = originals.map((o) => JSON.stringify(protect(o))).join('\r\n\n') + '\n';
    const r = runCli(['--key', keyFile], input);
    expect(r.stderr).not.toMatch(/decrypt:/);
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(originals);
  }, 60_000);

  it('accepts a single JSON array, writes NDJSON', () => {
    const r = runCli([`--key=${keyFile}`], JSON.stringify(originals.map(protect), null, 2));
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(originals);
  }, 60_000);

  it('wrong key: exit 2, clear message, key never printed', () => {
    const r = runCli(['--key', otherKeyFile], `${JSON.stringify(protect(originals[0]))}\n`);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      `this event was encrypted with key ${kp.imported.fingerprint}, your key is ${other.imported.fingerprint}`,
    );
    const keyBody = other.privatePem.split('\n').slice(1, -2).join('');
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain('PRIVATE KEY');
      expect(out).not.toContain(keyBody.slice(0, 40));
    }
  }, 60_000);

  it('reads a passphrase-protected key via --passphrase-env (never argv)', () => {
    const locked = path.join(dir, 'locked.pem');
    const pem = kp.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'correct horse',
    });
    writeFileSync(locked, pem, { mode: 0o600 });
    const input = `${JSON.stringify(protect(originals[0]))}\n`;
    const env = { ...process.env, PC_KEY_PASS: 'correct horse' };
    const ok = spawnSync('npx', ['tsx', 'scripts/decrypt.ts', '--key', locked, '--passphrase-env', 'PC_KEY_PASS'], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env,
    });
    expect(ok.status).toBe(0);
    expect(lines(ok.stdout)).toEqual([originals[0]]);
    const wrong = spawnSync('npx', ['tsx', 'scripts/decrypt.ts', '--key', locked, '--passphrase-env', 'PC_KEY_PASS'], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: { ...env, PC_KEY_PASS: 'nope' },
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('is not a usable RSA private key');
    expect(wrong.stderr).not.toContain('nope');
  }, 60_000);

  it('usage and input errors exit 1 with a line number', () => {
    expect(runCli([], '').status).toBe(1);
    const bad = runCli(['--key', keyFile], `${JSON.stringify(protect(originals[2]))}\n{not json\n`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('line 2: not valid JSON');
    const missing = runCli(['--key', path.join(dir, 'nope.pem')], '{}\n');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read key file');
  }, 60_000);
});
