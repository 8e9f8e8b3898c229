import { describe, expect, it } from 'vitest';
import { compileKeyFamilies } from './key-families';
import { defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import type { MatcherSpec } from './types';

const custom = (over: Partial<MatcherSpec> & Pick<MatcherSpec, 'id'>): MatcherSpec => ({
  name: over.id,
  color: 'yellow',
  matchOn: 'key',
  mode: 'exact',
  pattern: over.id,
  enabled: true,
  ...over,
});

describe('compileKeyFamilies', () => {
  const defaults = () => compileKeyFamilies(defaultMatcherSpecs(), defaultSynonymSpecs());

  it('puts every spelling of a default matcher in one family, found from raw keys', () => {
    const f = defaults();
    for (const key of ['email', 'emailAddress', 'email_address', 'e-mail', 'E_MAIL', 'emailaddress'])
      expect(f.familyOf(key), key).toBe('email');
    expect(f.family('email')).toEqual({
      id: 'email',
      name: 'Email',
      keys: ['email', 'e mail', 'email address', 'emailaddress'],
    });
    for (const key of ['firstName', 'first_name', 'firstname', 'givenName'])
      expect(f.familyOf(key), key).toBe('first_name');
    // Exact only: plurals, prefixes and suffixes are other keys.
    for (const key of ['emails', 'xemail', 'email2', 'plan']) expect(f.familyOf(key), key).toBeNull();
  });

  it('adds the workspace synonyms to their matcher’s family', () => {
    const f = compileKeyFamilies(defaultMatcherSpecs(), [
      ...defaultSynonymSpecs(),
      { matcherId: 'email', key: 'patient_contact' },
      { matcherId: 'nope', key: 'orphan_key' },
    ]);
    expect(f.familyOf('patientContact')).toBe('email');
    expect(f.family('email')?.keys).toContain('patient contact');
    expect(f.familyOf('orphan_key')).toBeNull();
  });

  it('keeps a disabled matcher’s family (turning it off must not unprotect its keys)', () => {
    const f = compileKeyFamilies(defaultMatcherSpecs(['email']), defaultSynonymSpecs());
    expect(f.familyOf('emailAddress')).toBe('email');
  });

  it('ignores key regexes and value matchers; a shared spelling goes to the enabled, then more severe matcher', () => {
    const f = compileKeyFamilies(
      [
        custom({ id: 'rx', mode: 'regex', pattern: '^patient' }),
        custom({ id: 'val', matchOn: 'value', pattern: 'x' }),
        custom({ id: 'off', pattern: 'member id', enabled: false, color: 'red' }),
        custom({ id: 'mrn', pattern: 'mrn' }),
        custom({ id: 'red', pattern: 'chart', color: 'red' }),
      ],
      [
        { matcherId: 'mrn', key: 'member_id' },
        { matcherId: 'mrn', key: 'chart' },
      ],
    );
    expect(f.familyOf('patientName')).toBeNull();
    expect(f.familyOf('x')).toBeNull();
    expect(f.familyOf('memberId')).toBe('mrn');
    expect(f.family('off')).toBeUndefined();
    expect(f.familyOf('chart')).toBe('red');
    expect(f.family('mrn')?.keys).toEqual(['mrn', 'member id']);
  });
});
