/**
 * Property tests for the classifier: "never fuzzy" exactness of the default matchers,
 * and lock-step with the reference walker (`walkEvent` + `classifyLeaf`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileClassifier } from './classify';
import type { ObservedField } from './classify';
import { DEFAULT_MATCHERS, defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import { normalizeKey } from './normalize';
import { COLOR_RANK } from './types';
import { walkEvent } from './walk';
import type { WalkLimits } from './walk';

const classifier = compileClassifier({ matchers: defaultMatcherSpecs(), synonyms: defaultSynonymSpecs() });

/** Normalised pattern → owning matcher id, over every default matcher. */
const OWNER = new Map(DEFAULT_MATCHERS.flatMap((m) => m.patterns.map((p) => [p, m.key] as const)));
const ALL_PATTERNS = [...OWNER.keys()];

/** The exactness contract: a key matches iff its normalised form IS a pattern, and then that pattern's matcher. */
function expectExact(key: string): void {
  const expected = OWNER.get(normalizeKey(key)) ?? null;
  expect(classifier.colorForKey(key)?.matcher.id ?? null, JSON.stringify(key)).toBe(expected);
}

describe('never fuzzy (default matchers)', () => {
  const pattern = fc.constantFrom(...ALL_PATTERNS);
  const affix = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);

  it('every pattern matches its own matcher, in any case style', () => {
    for (const p of ALL_PATTERNS) {
      const words = p.split(' ');
      const camel =
        words[0] +
        words
          .slice(1)
          .map((w) => w[0].toUpperCase() + w.slice(1))
          .join('');
      for (const key of [p, words.join('_'), words.join('-'), p.toUpperCase(), camel]) {
        expect(classifier.colorForKey(key)?.matcher.id, key).toBe(OWNER.get(p));
      }
    }
  });

  it('pattern + suffix as one word never matches (emails, emailx, email2)', () => {
    fc.assert(
      fc.property(pattern, affix, (p, s) => {
        const key = p + s.toLowerCase();
        expectExact(key);
        if (!OWNER.has(normalizeKey(key))) expect(classifier.colorForKey(key)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('prefix + pattern as one word never matches (xemail)', () => {
    fc.assert(
      fc.property(pattern, affix, (p, s) => {
        const key = s.toLowerCase() + p;
        expectExact(key);
        if (!OWNER.has(normalizeKey(key))) expect(classifier.colorForKey(key)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('mixed-case affixes only match when they spell another exact pattern (ipAddress)', () => {
    fc.assert(
      fc.property(pattern, affix, affix, (p, a, b) => expectExact(a + p + b)),
      { numRuns: 2000 },
    );
  });

  it('single-character edits (delete / substitute / insert) do not match unless they form another pattern', () => {
    const edit = fc.record({
      op: fc.constantFrom('delete', 'substitute', 'insert'),
      at: fc.nat(),
      ch: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 _-'.split('')),
    });
    fc.assert(
      fc.property(pattern, edit, (p, { op, at, ch }) => {
        const i = at % (p.length + (op === 'insert' ? 1 : 0));
        const edited =
          op === 'delete'
            ? p.slice(0, i) + p.slice(i + 1)
            : op === 'insert'
              ? p.slice(0, i) + ch + p.slice(i)
              : p.slice(0, i) + ch + p.slice(i + 1);
        if (edited === p) return;
        expectExact(edited);
      }),
      { numRuns: 5000 },
    );
  });

  it('exhaustively: every single-letter edit of every pattern', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let checked = 0;
    let matchedOther = 0;
    for (const p of ALL_PATTERNS) {
      const edits = new Set<string>();
      for (let i = 0; i <= p.length; i++) {
        if (i < p.length) edits.add(p.slice(0, i) + p.slice(i + 1));
        for (const c of letters) {
          edits.add(p.slice(0, i) + c + p.slice(i));
          if (i < p.length) edits.add(p.slice(0, i) + c + p.slice(i + 1));
        }
      }
      edits.delete(p);
      for (const e of edits) {
        expectExact(e);
        checked++;
        if (OWNER.has(normalizeKey(e))) matchedOther++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    // Only genuine collisions with another exact pattern may match (e.g. "zip code" minus
    // the space is "zipcode"); they must stay rare.
    expect(matchedOther).toBeLessThan(checked / 100);
  });
});

// ---- lock-step with the reference walker --------------------------------------

const key = fc.constantFrom('email', 'a', 'b', 'a.b', 'items[]', 'Phone', 'first_name', 'sku', 'x');
const leafValue = fc.oneof(
  fc.constantFrom('a@b.co', '123-45-6789', 'hello', '', '4111111111111111', 'MRN-1234567'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafValue,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const event = fc.record(
  { context: tree, traits: tree, properties: tree, userId: fc.string() },
  { requiredKeys: ['userId'] },
);
const limits = fc.record({
  maxDepth: fc.integer({ min: 1, max: 6 }),
  maxFields: fc.integer({ min: 1, max: 20 }),
  maxNodes: fc.integer({ min: 1, max: 60 }),
});

function reference(c: ReturnType<typeof compileClassifier>, e: unknown, lim: WalkLimits): ObservedField[] {
  const byPath = new Map<string, { field: ObservedField; rank: number }>();
  walkEvent(e, lim, (keyPath, k, value) => {
    const hit = c.classifyLeaf(keyPath, k, value);
    const rank = hit ? COLOR_RANK[hit.color] : 0;
    const existing = byPath.get(keyPath);
    if (!existing || rank > existing.rank) {
      const s = String(value);
      const field: ObservedField = {
        keyPath,
        key: k,
        normalizedKey: normalizeKey(k),
        color: hit?.color ?? null,
        matcher: hit?.matcher ?? null,
        sample: s.length > 200 ? s.slice(0, 200) : s,
      };
      if (existing) Object.assign(existing.field, field);
      else byPath.set(keyPath, { field, rank });
      if (existing) existing.rank = rank;
    }
    return byPath.size < lim.maxFields;
  });
  return [...byPath.values()].map((v) => v.field);
}

describe('lock-step with walkEvent + classifyLeaf', () => {
  const custom = compileClassifier({
    matchers: [
      ...defaultMatcherSpecs(),
      {
        id: 'ssn-v',
        name: 'SSN value',
        color: 'red',
        matchOn: 'value',
        mode: 'exact',
        pattern: '',
        preset: 'ssn',
        enabled: true,
      },
      {
        id: 'mrn-v',
        name: 'MRN',
        color: 'yellow',
        matchOn: 'value',
        mode: 'regex',
        pattern: '^MRN-\\d+$',
        enabled: true,
      },
      { id: 'b-key', name: 'B', color: 'green', matchOn: 'key', mode: 'regex', pattern: '^b$', enabled: true },
    ],
    synonyms: defaultSynonymSpecs(),
    classifications: [
      { keyPath: 'properties.a.b', color: 'green' },
      { keyPath: 'traits.items[]', color: 'red' },
    ],
  });

  it('reports the same fields, colours, matchers and samples as the reference', () => {
    fc.assert(
      fc.property(event, limits, (e, lim) => {
        const c = compileClassifier({
          matchers: [
            ...defaultMatcherSpecs(),
            {
              id: 'ssn-v',
              name: 'SSN value',
              color: 'red',
              matchOn: 'value',
              mode: 'exact',
              pattern: '',
              preset: 'ssn',
              enabled: true,
            },
          ],
          classifications: [{ keyPath: 'properties.a.b', color: 'green' }],
          limits: lim,
        });
        expect(c.classifyEvent(e)).toEqual(reference(c, e, c.limits));
      }),
      { numRuns: 1500 },
    );
  });

  it('is stable across repeated events on one classifier (path cache)', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 5 }), (events) => {
        for (const e of events) expect(custom.classifyEvent(e)).toEqual(reference(custom, e, custom.limits));
      }),
      { numRuns: 500 },
    );
  });
});
