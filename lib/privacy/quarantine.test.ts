import { describe, expect, it } from 'vitest';
import { compileClassifier } from './classify';
import { defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
import { maskEvent } from './mask';
import { isQuarantineMatcher, QUARANTINE_MATCHER, withQuarantine } from './quarantine';
import type { MatcherSpec } from './types';

const greenKey: MatcherSpec = {
  id: 'plan',
  name: 'Plan',
  color: 'green',
  matchOn: 'key',
  mode: 'exact',
  pattern: 'plan',
  enabled: true,
};
const base = compileClassifier({
  matchers: [...defaultMatcherSpecs(), greenKey],
  synonyms: defaultSynonymSpecs(),
  classifications: [
    { keyPath: 'properties.sku', color: 'green' },
    { keyPath: 'properties.order_id', color: 'yellow' },
  ],
});
const q = withQuarantine(base);

describe('withQuarantine', () => {
  it('holds unclassified and Green-matched fields as Yellow; keeps Red, Yellow and explicit colours', () => {
    const fields = q.classifyEvent({
      properties: { ssn: '1', email: 'a@b.co', plan: 'pro', sku: 'A1', order_id: '9', brandNew: 'x' },
    });
    const by = Object.fromEntries(fields.map((f) => [f.keyPath, f]));
    expect(by['properties.ssn']).toMatchObject({ color: 'red', matcher: { name: 'SSN' } });
    expect(by['properties.email']).toMatchObject({ color: 'yellow', matcher: { name: 'Email' } });
    expect(by['properties.plan']).toMatchObject({ color: 'yellow', matcher: QUARANTINE_MATCHER });
    expect(by['properties.brandNew']).toMatchObject({ color: 'yellow', matcher: QUARANTINE_MATCHER });
    expect(by['properties.sku']).toMatchObject({ color: 'green', matcher: null });
    expect(by['properties.order_id']).toMatchObject({ color: 'yellow', matcher: null });
    expect(isQuarantineMatcher(by['properties.brandNew'].matcher)).toBe(true);
    expect(isQuarantineMatcher(by['properties.email'].matcher)).toBe(false);
  });

  it('applies to single-leaf answers, so masking hides quarantined values', () => {
    expect(q.classifyLeaf('properties.brandNew', 'brandNew', 'x')?.color).toBe('yellow');
    expect(q.classifyLeaf('properties.sku', 'sku', 'A1')).toEqual({ color: 'green', matcher: null });
    expect(q.colorForPath('properties.ssn')?.color).toBe('red');
    expect(q.colorForKey('plan')?.color).toBe('green'); // key-only: no path, passed through
    const masked = maskEvent({ properties: { brandNew: 'visible?', sku: 'A1' } }, q, { unmasked: false });
    expect(masked.properties.sku).toBe('A1');
    expect(masked.properties.brandNew).not.toContain('visible');
  });

  it('leaves the base classifier unchanged', () => {
    expect(base.classifyLeaf('properties.brandNew', 'brandNew', 'x')).toBeNull();
  });
});
