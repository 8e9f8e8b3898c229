import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegex, compileSafe, MAX_PATTERN_LENGTH } from './safe-regex';

function reason(pattern: string, flags?: string): string {
  const r = checkRegex(pattern, flags);
  if (r.ok) throw new Error(`expected ${pattern} to be rejected`);
  return r.reason;
}

describe('checkRegex', () => {
  it.each([
    ['(a+)+', 'Nested quantifier at position 4 can cause catastrophic backtracking'],
    ['(a*)*', 'Nested quantifier at position 4'],
    ['(.*)*', 'Nested quantifier at position 4'],
    ['^(\\d+)+$', 'Nested quantifier at position 6'],
    ['(?:a?){5}', 'Nested quantifier'],
    ['((ab)+c)+', 'Nested quantifier'],
    ['(a|aa)*b', 'Alternation at position 2 inside a repeated group can cause catastrophic backtracking'],
    ['(a|a)*', 'Alternation at position 2'],
    ['(\\d|x)+', 'Alternation'],
    ['(|a)+', 'Alternation'],
    ['((a|ab)c)*', 'Alternation'],
    ['(A|a)+', 'Alternation'],
    ['\\1', 'Backreference at position 0'],
    ['(a)\\1', 'Backreference at position 3'],
    ['(?<x>a)\\k<x>', 'Named backreference'],
    ['a(?=b)', 'Lookahead at position 1'],
    ['a(?!b)', 'Lookahead'],
    ['(?<=a)b', 'Lookbehind at position 0'],
    ['(?<!a)b', 'Lookbehind'],
    ['.*.*=x', 'Adjacent quantifiers at positions 1 and 3'],
    ['\\d+\\d*$', 'Adjacent quantifiers'],
    ['a*a+', 'Adjacent quantifiers'],
    ['[^,]*[^;]*', 'Adjacent quantifiers'],
  ])('rejects %s', (pattern, expected) => {
    expect(reason(pattern)).toContain(expected);
  });

  it.each([
    '^[A-Z]{3}-\\d{4}$',
    '^MRN-\\d{6,8}$',
    '(\\d{3}-){2}\\d{4}',
    '^(cat|dog)+$',
    '(?:ab|cd|\\.e)*',
    '^patient_',
    '(\\d{3}-)?\\d{4}',
    '^[a-z]+@[a-z]+\\.[a-z]{2,}$',
    '.*x.*',
    '\\u0041+\\x42*',
    '\\p{L}+',
    '[(]a+[)]+',
    'a{,5}',
    '(?<year>\\d{4})-\\d{2}',
    '^\\(\\d{3}\\) \\d{3}-\\d{4}$',
    '\\bssn\\b',
  ])('accepts %s', (pattern) => {
    expect(checkRegex(pattern, pattern.includes('\\p') ? 'u' : '')).toEqual({ ok: true });
  });

  it('rejects empty and over-long patterns', () => {
    expect(reason('')).toMatch(/empty/);
    expect(reason('a'.repeat(MAX_PATTERN_LENGTH + 1))).toBe(
      `Pattern is 201 characters long; the maximum is ${MAX_PATTERN_LENGTH}`,
    );
    expect(checkRegex('a'.repeat(MAX_PATTERN_LENGTH))).toEqual({ ok: true });
  });

  it('rejects patterns that do not compile, with the engine message', () => {
    expect(reason('(abc')).toMatch(/^Invalid regular expression: /);
    expect(reason('a**')).toMatch(/^Invalid regular expression: /);
    expect(reason('[z-a]')).toMatch(/^Invalid regular expression: /);
  });

  it('rejects stateful or unsupported flags', () => {
    expect(reason('abc', 'g')).toMatch(/Flag "g" is not allowed/);
    expect(reason('abc', 'y')).toMatch(/Flag "y"/);
    expect(reason('abc', 'v')).toMatch(/Flag "v"/);
    expect(checkRegex('abc', 'imsu')).toEqual({ ok: true });
  });

  it('treats escaped letters without payload as plain atoms (no hidden groups)', () => {
    // Outside unicode mode `\x(` is a literal "x" followed by a real group.
    expect(reason('\\x(a+)+')).toContain('Nested quantifier');
    expect(reason('\\u(a*)*')).toContain('Nested quantifier');
  });

  it('never throws, and everything it accepts compiles', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      '(',
      ')',
      '|',
      '*',
      '+',
      '?',
      '{2}',
      '{1,3}',
      '[a-z]',
      '\\d',
      '.',
      '^',
      '$',
      '\\1',
      '(?:',
      '(?=',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (parts) => {
        const pattern = parts.join('');
        const result = checkRegex(pattern);
        if (result.ok) expect(() => new RegExp(pattern)).not.toThrow();
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepted random patterns run in linear-ish time on adversarial input', () => {
    const alphabet = fc.constantFrom('a', '(', ')', '|', '*', '+', '?', '{2}', '.', '[ab]');
    const input = `${'a'.repeat(5000)}!`;
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 10 }), (parts) => {
        const compiled = compileSafe(`^${parts.join('')}$`);
        if (!compiled.ok) return;
        const start = performance.now();
        compiled.regex.test(input);
        expect(performance.now() - start).toBeLessThan(1000); // catastrophic would be minutes
      }),
      { numRuns: 500 },
    );
  });
});

describe('compileSafe', () => {
  it('returns a RegExp for safe patterns', () => {
    const r = compileSafe('^[A-Z]{3}-\\d{4}$');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.regex.test('ABC-1234')).toBe(true);
      expect(r.regex.test('ABC-123')).toBe(false);
      expect(r.regex.flags).toBe('');
    }
  });

  it('honours allowed flags', () => {
    const r = compileSafe('^abc$', 'i');
    expect(r.ok && r.regex.test('ABC')).toBe(true);
  });

  it('returns the reason instead of throwing', () => {
    expect(compileSafe('(a+)+')).toEqual({
      ok: false,
      reason: 'Nested quantifier at position 4 can cause catastrophic backtracking',
    });
  });
});
