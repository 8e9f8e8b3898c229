import { describe, expect, it } from 'vitest';
import { computeBlastRadius, lastKey, type BlastDestination, type BlastField } from '@/lib/destinations/exposure';

const dest = (over: Partial<BlastDestination> = {}): BlastDestination => ({
  id: 'd1',
  name: 'Mixpanel',
  catalogId: 'mixpanel',
  sourceId: 's1',
  baaOverride: null,
  encryptionEnabled: false,
  encryptedFields: [],
  hashingEnabled: false,
  hashedFields: [],
  ...over,
});
const field = (
  keyPath: string,
  classification: 'red' | 'yellow',
  normalizedKey: string,
  sourceIds = ['s1'],
): BlastField => ({ id: keyPath, keyPath, normalizedKey, classification, sourceIds });

const FIELDS = [
  field('properties.email', 'yellow', 'email'),
  field('context.traits.firstName', 'yellow', 'first name'),
  field('properties.ssn', 'red', 'ssn'),
  field('properties.items[].diagnosis', 'yellow', 'diagnosis'),
  field('properties.phone', 'yellow', 'phone', ['s2']),
];
const SOURCES = [
  { id: 's1', blockRed: false },
  { id: 's2', blockRed: false },
];

describe('computeBlastRadius', () => {
  it('flags every Red/Yellow field from its own source sent in clear to a non-BAA destination, Red first', () => {
    const [r] = computeBlastRadius({ destinations: [dest()], sources: SOURCES, fields: FIELDS });
    expect(r.effectiveBaa).toBe('does_not_sign');
    expect(r.exposed.map((f) => f.keyPath)).toEqual([
      'properties.ssn',
      'context.traits.firstName',
      'properties.email',
      'properties.items[].diagnosis',
    ]);
    expect(r.counts).toEqual({ clear: 4, encrypted: 0, hashed: 0, dropped: 0 });
  });

  it('knows encrypted, hashed and dropped fields, matching policy fields after normalisation', () => {
    const d = dest({
      encryptionEnabled: true,
      encryptedFields: ['firstName', 'email'],
      hashingEnabled: true,
      hashedFields: ['EMAIL', 'diagnosis'],
    });
    const [r] = computeBlastRadius({ destinations: [d], sources: [{ id: 's1', blockRed: true }], fields: FIELDS });
    const byPath = Object.fromEntries(r.fields.map((f) => [f.keyPath, f.treatment]));
    expect(byPath).toEqual({
      'properties.ssn': 'dropped',
      'context.traits.firstName': 'encrypted',
      // Encryption wins over hashing, as in the transform.
      'properties.email': 'encrypted',
      'properties.items[].diagnosis': 'hashed',
    });
    expect(r.exposed).toEqual([]);
  });

  it('ignores field lists whose feature is switched off', () => {
    const [r] = computeBlastRadius({
      destinations: [dest({ encryptionEnabled: false, encryptedFields: ['email'] })],
      sources: SOURCES,
      fields: FIELDS,
    });
    expect(r.fields.find((f) => f.keyPath === 'properties.email')?.treatment).toBe('clear');
  });

  it('warns nothing for a destination whose effective BAA status is "signs"', () => {
    const [s3, overridden, webhook] = computeBlastRadius({
      destinations: [
        dest({ id: 'a', catalogId: 'amazon-s3' }),
        dest({ id: 'b', baaOverride: true }),
        dest({ id: 'c', catalogId: 'webhook' }),
      ],
      sources: SOURCES,
      fields: FIELDS,
    });
    expect(s3.exposed).toEqual([]);
    expect(overridden).toMatchObject({ effectiveBaa: 'signs', exposed: [] });
    // "You decide" without an owner's decision is not a BAA.
    expect(webhook.effectiveBaa).toBe('you_decide');
    expect(webhook.exposed).toHaveLength(4);
  });

  it('an owner override to "no BAA" turns warnings on for a BAA vendor', () => {
    const [r] = computeBlastRadius({
      destinations: [dest({ catalogId: 'snowflake', baaOverride: false })],
      sources: SOURCES,
      fields: FIELDS,
    });
    expect(r.exposed).toHaveLength(4);
  });

  it('fields outside context/traits/properties cannot be protected and count as clear', () => {
    const [r] = computeBlastRadius({
      destinations: [dest({ hashingEnabled: true, hashedFields: ['user id'] })],
      sources: SOURCES,
      fields: [field('userId', 'yellow', 'user id')],
    });
    expect(r.fields[0].treatment).toBe('clear');
  });

  it('falls back to the key path when the stored normalised key is empty', () => {
    expect(lastKey('properties.items[].sku')).toBe('sku');
    const [r] = computeBlastRadius({
      destinations: [dest({ hashingEnabled: true, hashedFields: ['patient email'] })],
      sources: SOURCES,
      fields: [field('properties.patientEmail', 'yellow', '')],
    });
    expect(r.fields[0].treatment).toBe('hashed');
  });
});
