import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { removeRedFields } from './block';
import { compileClassifier } from './classify';
import { defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import type { MatcherSpec } from './types';

const ssnValues: MatcherSpec = {
  id: 'ssn_value',
  name: 'SSN value',
  color: 'red',
  matchOn: 'value',
  mode: 'exact',
  pattern: '',
  preset: 'ssn',
  enabled: true,
};
const classifier = compileClassifier({
  matchers: [...defaultMatcherSpecs(), ssnValues],
  synonyms: defaultSynonymSpecs(),
  classifications: [
    { keyPath: 'properties.secret_note', color: 'red' },
    { keyPath: 'properties.password', color: 'green' },
  ],
});

describe('removeRedFields', () => {
  it('drops Red keys, Red values, explicit Red paths and Red subtrees; keeps the rest', () => {
    const event = {
      type: 'track',
      event: 'Checkout',
      ssn: 'envelope is never touched',
      context: { ip: '10.0.0.1', traits: { creditCard: '4111 1111 1111 1111', plan: 'pro' } },
      properties: {
        total: 30,
        note: '123-45-6789',
        secret_note: 'x',
        password: 'explicit green wins',
        passport: { number: 'X1', country: 'US' },
        items: [{ sku: 'A1', token: 't' }, { sku: 'B2' }],
        codes: ['ok', '123-45-6789', 'fine'],
        nothing: null,
      },
    };
    const before = structuredClone(event);
    const { event: out, blockedPaths } = removeRedFields(event, classifier);
    expect(event).toEqual(before); // input untouched
    expect(out).toEqual({
      type: 'track',
      event: 'Checkout',
      ssn: 'envelope is never touched',
      context: { ip: '10.0.0.1', traits: { plan: 'pro' } },
      properties: {
        total: 30,
        password: 'explicit green wins',
        items: [{ sku: 'A1' }, { sku: 'B2' }],
        codes: ['ok', 'fine'],
        nothing: null,
      },
    });
    expect(blockedPaths.sort()).toEqual([
      'context.traits.creditCard',
      'properties.codes[]',
      'properties.items[].token',
      'properties.note',
      'properties.passport',
      'properties.secret_note',
    ]);
    // Unchanged branches are shared, not copied.
    expect(out.context.traits).not.toBe(event.context.traits);
    expect((out.properties.items as unknown[])[1]).toBe(event.properties.items[1]);
  });

  it('returns the very same object when nothing is Red', () => {
    const event = { properties: { plan: 'pro', items: [{ sku: 'A' }] }, context: { library: { name: 'x' } } };
    const r = removeRedFields(event, classifier);
    expect(r.event).toBe(event);
    expect(r.blockedPaths).toEqual([]);
  });

  it('ignores non-objects and does not trip over __proto__ keys', () => {
    expect(removeRedFields(null, classifier)).toEqual({ event: null, blockedPaths: [] });
    const event = JSON.parse('{"properties":{"__proto__":{"polluted":1},"ssn":"1"}}');
    const { event: out } = removeRedFields(event, classifier);
    expect(Object.keys(out.properties)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // null carries no value to protect, so a Red key with a null value is left in place.
  it('never leaves a Red value behind (property)', () => {
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constant('123-45-6789'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.constantFrom('ssn', 'password', 'name', 'sku', 'note', 'token', 'plan');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 4 }), (properties) => {
        const { event } = removeRedFields({ properties }, classifier);
        const fields = classifier.classifyEvent(event);
        return fields.every((f) => f.color !== 'red' || f.sample === 'null');
      }),
      { numRuns: 300 },
    );
  });
});
