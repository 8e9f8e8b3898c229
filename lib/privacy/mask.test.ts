import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileClassifier } from './classify';
import { defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import { maskEvent, maskValue } from './mask';
import { isSensitive } from './types';
import { walkEvent } from './walk';

const classifier = compileClassifier({
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
    { id: 'plan', name: 'Plan', color: 'green', matchOn: 'key', mode: 'exact', pattern: 'plan', enabled: true },
  ],
  synonyms: defaultSynonymSpecs(),
  classifications: [{ keyPath: 'properties.name', color: 'green' }],
});

describe('maskValue', () => {
  it.each([
    ['Ada Lov', '••••••• (7 chars)'],
    ['x', '• (1 char)'],
    ['a very long secret value', '•••••••• (24 chars)'],
    ['😀😀', '•• (2 chars)'],
    ['', '(empty string)'],
    [42, '••• (number)'],
    [true, '••• (boolean)'],
    [null, '(null)'],
    [undefined, '(undefined)'],
    [{ a: 1 }, '••• (object)'],
    [[1, 2], '••• (array, 2 items)'],
  ])('%j → %s', (value, expected) => {
    expect(maskValue(value)).toBe(expected);
  });

  it('masks bigints like numbers', () => {
    expect(maskValue(10n)).toBe('••• (number)');
  });

  it('never contains any character of a string value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9@.]{1,40}$/), (s) => {
        const masked = maskValue(s).replace(/ \(\d+ chars?\)$/, '');
        expect(masked).toMatch(/^•+$/);
      }),
    );
  });
});

describe('maskEvent', () => {
  const event = {
    type: 'identify',
    userId: 'user-1',
    email: 'envelope@example.com',
    traits: { email: 'a@example.com', plan: 'pro', name: 'Ada', deleted: null },
    context: { ip: '10.0.0.1', traits: { phone: '+14155552671' }, locale: 'en-US' },
    properties: { name: 'Signup form', list: [{ ssn: '123-45-6789', sku: 'A' }], note: '123-45-6789', n: 3 },
  };

  it('masks Red/Yellow leaves in context/traits/properties and nothing else', () => {
    const masked = maskEvent(event, classifier, { unmasked: false });
    expect(masked).toEqual({
      type: 'identify',
      userId: 'user-1',
      email: 'envelope@example.com',
      traits: { email: '•••••••• (13 chars)', plan: 'pro', name: '••• (3 chars)', deleted: null },
      context: { ip: '•••••••• (8 chars)', traits: { phone: '•••••••• (12 chars)' }, locale: 'en-US' },
      properties: {
        name: 'Signup form',
        list: [{ ssn: '•••••••• (11 chars)', sku: 'A' }],
        note: '•••••••• (11 chars)',
        n: 3,
      },
    });
  });

  it('returns an unmasked deep copy when allowed', () => {
    const copy = maskEvent(event, classifier, { unmasked: true });
    expect(copy).toEqual(event);
    expect(copy).not.toBe(event);
    expect(copy.traits).not.toBe(event.traits);
    expect(copy.properties.list[0]).not.toBe(event.properties.list[0]);
  });

  it('never mutates or shares structure with the input', () => {
    const before = structuredClone(event);
    const masked = maskEvent(event, classifier, { unmasked: false });
    expect(event).toEqual(before);
    masked.context.traits.phone = 'changed';
    expect(event.context.traits.phone).toBe('+14155552671');
  });

  it('passes non-object events through', () => {
    expect(maskEvent('x', classifier, { unmasked: false })).toBe('x');
    expect(maskEvent(null, classifier, { unmasked: false })).toBeNull();
    expect(maskEvent([{ properties: { email: 'x' } }], classifier, { unmasked: false })).toEqual([
      { properties: { email: 'x' } },
    ]);
  });

  it('fails closed beyond the depth limit', () => {
    const c = compileClassifier({ matchers: [], limits: { maxDepth: 2 } });
    const masked = maskEvent({ properties: { a: { b: { secret: 'x' } }, ok: 'y' } }, c, { unmasked: false });
    expect(masked).toEqual({ properties: { a: { b: '••• (object)' }, ok: 'y' } });
  });

  it('fails closed beyond the node budget', () => {
    const c = compileClassifier({ matchers: [], limits: { maxNodes: 2 } });
    const masked = maskEvent({ properties: { a: 'x', b: 'y', c: 'z', d: null } }, c, { unmasked: false });
    expect(masked).toEqual({ properties: { a: 'x', b: 'y', c: '• (1 char)', d: null } });
  });

  it('copies __proto__ keys as data without touching prototypes', () => {
    const e = JSON.parse('{"properties":{"__proto__":{"email":"a@b.co"}},"__proto__":{"x":1}}') as Record<
      string,
      unknown
    >;
    const masked = maskEvent(e, classifier, { unmasked: false }) as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(masked.properties)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(['properties', '__proto__']);
    expect(JSON.stringify(masked)).toBe(
      '{"properties":{"__proto__":{"email":"•••••• (6 chars)"}},"__proto__":{"x":1}}',
    );
  });

  it('leaves no sensitive leaf value visible (property)', () => {
    const key = fc.constantFrom('email', 'phone', 'plan', 'sku', 'note', 'firstName', 'name', 'items');
    const value = fc.oneof(fc.constantFrom('123-45-6789', 'secret-value', 'pro'), fc.integer(), fc.boolean());
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        value,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.record({ context: tree, traits: tree, properties: tree }), (e) => {
        const masked = maskEvent(e, classifier, { unmasked: false });
        walkEvent(masked, classifier.limits, (keyPath, k, v) => {
          // A masked leaf is a mask string; an unmasked one must not be sensitive.
          if (typeof v === 'string' && /^(•+ \(\d+ chars?\)|\(empty string\)|••• \()/.test(v)) return true;
          expect(isSensitive(classifier.classifyLeaf(keyPath, k, v)?.color)).toBe(false);
          return true;
        });
      }),
      { numRuns: 500 },
    );
  });
});
