import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHERS, defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import { normalizeKey } from './normalize';

const RED = ['ssn', 'password', 'visa', 'veteran', 'disability', 'credit_card', 'passport', 'token'];
const YELLOW = [
  'race',
  'birthdate',
  'phone',
  'address',
  'gender',
  'ethnicity',
  'citizenship',
  'name',
  'first_name',
  'last_name',
  'street',
  'city',
  'zipcode',
  'email',
  'certificate',
  'license',
  'identification',
  'serial',
  'ip',
  'photo',
  'salary',
  'religion',
  'mac',
  'sex',
  'sexual_orientation',
  'medication',
  'allergy',
  'condition',
  'diagnosis',
  'procedure',
];

describe('DEFAULT_MATCHERS', () => {
  it('contains exactly the Segment defaults with their colours', () => {
    expect(DEFAULT_MATCHERS.filter((m) => m.color === 'red').map((m) => m.key)).toEqual(RED);
    expect(DEFAULT_MATCHERS.filter((m) => m.color === 'yellow').map((m) => m.key)).toEqual(YELLOW);
    expect(DEFAULT_MATCHERS).toHaveLength(RED.length + YELLOW.length);
  });

  it('matches on key, has unique ids and display names', () => {
    expect(new Set(DEFAULT_MATCHERS.map((m) => m.key)).size).toBe(DEFAULT_MATCHERS.length);
    for (const m of DEFAULT_MATCHERS) {
      expect(m.matchOn).toBe('key');
      expect(m.name.length).toBeGreaterThan(0);
      expect(m.key).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
    expect(DEFAULT_MATCHERS.find((m) => m.key === 'first_name')?.name).toBe('First Name');
  });

  it('stores patterns already normalised, canonical first, never shared between matchers', () => {
    const owner = new Map<string, string>();
    for (const m of DEFAULT_MATCHERS) {
      expect(m.patterns[0]).toBe(normalizeKey(m.key));
      for (const p of m.patterns) {
        expect(normalizeKey(p)).toBe(p);
        expect(owner.get(p), `pattern "${p}" of ${m.key}`).toBeUndefined();
        owner.set(p, m.key);
      }
    }
  });

  it('includes the documented spellings', () => {
    const patterns = (key: string) => DEFAULT_MATCHERS.find((m) => m.key === key)?.patterns;
    expect(patterns('ssn')).toContain('social security number');
    expect(patterns('first_name')).toEqual(expect.arrayContaining(['first name', 'firstname']));
    expect(patterns('email')).toEqual(expect.arrayContaining(['email', 'e mail', 'email address']));
    expect(patterns('email')).not.toContain('emails');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_MATCHERS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_MATCHERS[0].patterns)).toBe(true);
  });
});

describe('defaultMatcherSpecs / defaultSynonymSpecs', () => {
  it('produce enabled exact key specs with the canonical pattern', () => {
    const specs = defaultMatcherSpecs();
    expect(specs).toHaveLength(DEFAULT_MATCHERS.length);
    expect(specs.find((s) => s.id === 'ssn')).toEqual({
      id: 'ssn',
      name: 'SSN',
      color: 'red',
      matchOn: 'key',
      mode: 'exact',
      pattern: 'ssn',
      enabled: true,
    });
  });

  it('honours disabled ids', () => {
    const specs = defaultMatcherSpecs(['name', 'city']);
    expect(
      specs
        .filter((s) => !s.enabled)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['city', 'name']);
  });

  it('cover every non-canonical pattern as a synonym', () => {
    const synonyms = defaultSynonymSpecs();
    const total = DEFAULT_MATCHERS.reduce((n, m) => n + m.patterns.length - 1, 0);
    expect(synonyms).toHaveLength(total);
    expect(synonyms).toContainEqual({ matcherId: 'ssn', key: 'social security number' });
  });
});
