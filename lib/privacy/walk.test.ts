import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, lastKeyOf, walkEvent } from './walk';
import type { LeafValue } from './walk';

function collect(event: unknown, limits = DEFAULT_LIMITS): [string, string, LeafValue][] {
  const out: [string, string, LeafValue][] = [];
  walkEvent(event, limits, (p, k, v) => {
    out.push([p, k, v]);
    return true;
  });
  return out;
}

describe('walkEvent', () => {
  it('visits context, traits, properties (in that order) and nothing else', () => {
    const e = { properties: { p: 1 }, userId: 'u', traits: { t: 2 }, context: { c: 3 }, integrations: { x: 4 } };
    expect(collect(e)).toEqual([
      ['context.c', 'c', 3],
      ['traits.t', 't', 2],
      ['properties.p', 'p', 1],
    ]);
  });

  it('names array elements with [] and keeps the array key', () => {
    expect(collect({ properties: { m: [[1], { k: 2 }] } })).toEqual([
      ['properties.m[][]', 'm', 1],
      ['properties.m[].k', 'k', 2],
    ]);
    expect(collect({ properties: [5] })).toEqual([['properties[]', 'properties', 5]]);
  });

  it('skips undefined, functions and symbols; keeps null', () => {
    expect(collect({ properties: { a: undefined, b: () => 1, c: Symbol('s'), d: null } })).toEqual([
      ['properties.d', 'd', null],
    ]);
  });

  it('stops when the visitor returns false', () => {
    let calls = 0;
    walkEvent({ context: { a: 1, b: 2 }, properties: { c: 3 } }, DEFAULT_LIMITS, () => ++calls < 2);
    expect(calls).toBe(2);
  });

  it('enforces depth and node limits', () => {
    expect(collect({ properties: { a: { b: 1 }, c: 2 } }, { ...DEFAULT_LIMITS, maxDepth: 1 })).toEqual([
      ['properties.c', 'c', 2],
    ]);
    expect(collect({ properties: { a: 1, b: 2, c: 3 } }, { ...DEFAULT_LIMITS, maxNodes: 2 })).toHaveLength(2);
  });
});

describe('lastKeyOf', () => {
  it.each([
    ['properties.items[].sku', 'sku'],
    ['properties.tags[]', 'tags'],
    ['properties.m[][]', 'm'],
    ['context.traits.email', 'email'],
    ['email', 'email'],
    ['', ''],
  ])('%s → %s', (path, key) => expect(lastKeyOf(path)).toBe(key));
});
