import { describe, expect, it } from 'vitest';
import { diffChanges, isSensitiveKey, MAX_CHANGES_BYTES, sanitizeChanges } from '@/lib/server/audit/sanitize';

describe('sanitizeChanges', () => {
  it.each([
    'password',
    'passwordHash',
    'writeKey',
    'apiKey',
    'api_key',
    'secretsEnc',
    'hmacSecretEnc',
    'publicKeyPem',
    'sampleValueEnc',
    'samples',
    'value',
    'token',
    'refresh_token',
    'totpSecretEnc',
    'recoveryCodeHashes',
    'keyHash',
    'payload',
  ])('treats %s as sensitive', (k) => expect(isSensitiveKey(k)).toBe(true));

  it.each([
    'name',
    'enabled',
    'encryptionEnabled',
    'encryptedFields',
    'hashedFields',
    'keyPath',
    'role',
    'fingerprint',
    'classification',
  ])('keeps %s', (k) => expect(isSensitiveKey(k)).toBe(false));

  it('drops sensitive keys at any depth and lists their names only', () => {
    const out = sanitizeChanges({
      before: { name: 'a', settings: { region: 'us', apiKey: 'sk_live_1' } },
      after: { name: 'b', settings: { region: 'eu', apiKey: 'sk_live_2' }, password: 'hunter2' },
    });
    expect(out).toEqual({
      before: { name: 'a', settings: { region: 'us' } },
      after: { name: 'b', settings: { region: 'eu' } },
      redacted: ['before.settings.apiKey', 'after.settings.apiKey', 'after.password'],
    });
  });

  it('drops values that look like key material whatever the key is called', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMIIB...';
    const out = sanitizeChanges({
      after: { note: pem, blob: 'A'.repeat(44), id: '0b6f4a8e-8a43-4c5e-9d0a-5d7c1f5c2b11' },
    });
    expect(out).toEqual({
      after: { id: '0b6f4a8e-8a43-4c5e-9d0a-5d7c1f5c2b11' },
      redacted: ['after.note', 'after.blob'],
    });
  });

  it('caps size', () => {
    const out = sanitizeChanges({
      after: { list: Array.from({ length: 500 }, (_, i) => `item ${i}`), long: 'x '.repeat(500) },
    });
    const after = out?.after as { list: string[]; long: string };
    expect(after.list).toHaveLength(51);
    expect(after.long.length).toBeLessThanOrEqual(201);
    const huge = sanitizeChanges(
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, 'y '.repeat(90)])),
    );
    expect(JSON.stringify(huge).length).toBeLessThanOrEqual(MAX_CHANGES_BYTES);
    expect(huge).toMatchObject({ truncated: true });
  });

  it('serializes dates, bigints and drops functions', () => {
    expect(sanitizeChanges({ at: new Date('2026-01-01T00:00:00Z'), n: 5n, f: () => 1 })).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      n: '5',
    });
    expect(sanitizeChanges(null)).toBeNull();
    expect(sanitizeChanges({})).toBeNull();
  });
});

describe('diffChanges', () => {
  it('returns only changed fields, or null when nothing changed', () => {
    const a = { name: 'x', enabled: true, count: 1n, tags: ['a'] };
    expect(diffChanges(a, { ...a }, ['name', 'enabled', 'count', 'tags'])).toBeNull();
    expect(diffChanges(a, { ...a, enabled: false, tags: ['a', 'b'] }, ['name', 'enabled', 'tags'])).toEqual({
      before: { enabled: true, tags: ['a'] },
      after: { enabled: false, tags: ['a', 'b'] },
    });
    expect(diffChanges(null, a, ['name'])).toEqual({ before: { name: null }, after: { name: 'x' } });
  });
});
