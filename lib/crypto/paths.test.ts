import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, type PathSegment } from './paths';

describe('field paths', () => {
  it('formats readable paths', () => {
    expect(formatPath(['traits', 'email'])).toBe('traits.email');
    expect(formatPath(['properties', 'items', 0, 'email'])).toBe('properties.items[0].email');
    expect(formatPath(['traits', 'first name', '0', 'a.b'])).toBe('traits["first name"]["0"]["a.b"]');
  });

  it('parse(format(p)) == p for any segments', () => {
    const seg: fc.Arbitrary<PathSegment> = fc.oneof(fc.string({ unit: 'binary' }), fc.nat());
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(seg, { maxLength: 6 }), (head, rest) => {
        const segs: PathSegment[] = [head, ...rest];
        expect(parsePath(formatPath(segs))).toEqual(segs);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects malformed paths', () => {
    for (const bad of ['', '.a', 'a..b', 'a[01]', 'a["x"', 'a[x]', 'a b']) {
      expect(() => parsePath(bad), bad).toThrow(/invalid field path/);
    }
  });
});
