import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeKey } from './normalize';

describe('normalizeKey', () => {
  it.each([
    ['firstName', 'first name'],
    ['first_name', 'first name'],
    ['First Name', 'first name'],
    ['first-name', 'first name'],
    ['FIRST_NAME', 'first name'],
    ['FirstName', 'first name'],
    ['first.name', 'first name'],
    ['  first__name  ', 'first name'],
    ['first - _ name', 'first name'],
    ['userIPAddress', 'user ip address'],
    ['IPAddress', 'ip address'],
    ['userID', 'user id'],
    ['getHTTPResponseCode', 'get http response code'],
    ['email', 'email'],
    ['EMAIL', 'email'],
    ['e-mail', 'e mail'],
    ['$email', 'email'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeKey(input)).toBe(expected);
  });

  it.each([
    ['address2', 'address2'],
    ['addressLine2', 'address line2'],
    ['ADDRESS_LINE_2', 'address line 2'],
    ['ipv4Address', 'ipv4 address'],
    ['SHA256Hash', 'sha256 hash'],
    ['3rdPartyId', '3rd party id'],
    ['line1', 'line1'],
    ['ICD10', 'icd10'],
    ['A0A', 'a0a'],
  ])('digits stay attached to the preceding word: %s → %s', (input, expected) => {
    expect(normalizeKey(input)).toBe(expected);
  });

  it('handles empty and separator-only keys', () => {
    expect(normalizeKey('')).toBe('');
    expect(normalizeKey('__--  ..')).toBe('');
  });

  it('folds non-ASCII letters and keeps caseless scripts', () => {
    expect(normalizeKey('ÉcoleNom')).toBe('école nom');
    expect(normalizeKey('患者_名前')).toBe('患者 名前');
    expect(normalizeKey('a😀b')).toBe('a b'); // emoji are separators, not letters
  });

  it('is idempotent on arbitrary (including non-BMP and lone-surrogate) strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const once = normalizeKey(s);
        expect(normalizeKey(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on identifier-like strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_ .-]{0,30}$/), (s) => {
        const once = normalizeKey(s);
        expect(normalizeKey(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('always returns lower-case words joined by single spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const out = normalizeKey(s);
        expect(out).not.toMatch(/^ | $| {2}/);
        expect(out.toLowerCase()).toBe(out);
      }),
    );
  });

  // Words start with two letters: a capitalised word must look like `Xy…` for the
  // boundary to be visible. `aBC` (single-letter words) and `A0B1` (PascalCase of
  // `a0`,`b1` = UPPER of `a0b1`) are genuinely ambiguous, and a leading digit is glued
  // to the previous word by design (rule 4).
  const word = fc.stringMatching(/^[a-z]{2}[a-z0-9]{0,6}$/);
  const cap = (w: string) => w[0].toUpperCase() + w.slice(1);

  it('camel / Pascal / snake / kebab / space / UPPER / Title variants are equal', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const expected = words.join(' ');
        const variants = [
          words[0] + words.slice(1).map(cap).join(''),
          words.map(cap).join(''),
          words.join('_'),
          words.join('-'),
          words.join(' '),
          words.join('_').toUpperCase(),
          words.join('-').toUpperCase(),
          words.map(cap).join(' '),
          ` ${words.join('__')} `,
        ];
        for (const v of variants) expect(normalizeKey(v)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
