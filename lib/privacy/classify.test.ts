import { describe, expect, it } from 'vitest';
import { compileClassifier } from './classify';
import type { ClassifierInput, MatcherSpec, ObservedField } from './classify';
import { defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';

const defaults = (): Pick<ClassifierInput, 'matchers' | 'synonyms'> => ({
  matchers: defaultMatcherSpecs(),
  synonyms: defaultSynonymSpecs(),
});

function spec(partial: Partial<MatcherSpec> & Pick<MatcherSpec, 'id' | 'pattern'>): MatcherSpec {
  return { name: partial.id, color: 'yellow', matchOn: 'key', mode: 'exact', enabled: true, ...partial };
}

const byPath = (fields: ObservedField[]) => Object.fromEntries(fields.map((f) => [f.keyPath, f]));

const trackEvent = {
  type: 'track',
  event: 'Signed Up',
  userId: 'u1',
  email: 'top-level@example.com', // envelope: never walked
  context: {
    ip: '10.0.0.1',
    traits: { email: 'a@example.com', firstName: 'Ada', plan: 'pro' },
    library: { name: 'analytics.js', version: '5.0.0' },
  },
  properties: {
    patient: { email: 'p@example.com', FIRST_NAME: 'Grace' },
    items: [
      { sku: 'A1', price: 10 },
      { sku: 'B2', price: 20 },
    ],
    tags: ['x', 'y'],
    ssn: '123-45-6789',
    total: 30,
    paid: true,
    note: null,
  },
};

describe('classifyEvent', () => {
  const classifier = compileClassifier(defaults());

  it('reports every leaf of context/traits/properties with segment-style key paths', () => {
    const fields = classifier.classifyEvent(trackEvent);
    expect(fields.map((f) => f.keyPath)).toEqual([
      'context.ip',
      'context.traits.email',
      'context.traits.firstName',
      'context.traits.plan',
      'context.library.name',
      'context.library.version',
      'properties.patient.email',
      'properties.patient.FIRST_NAME',
      'properties.items[].sku',
      'properties.items[].price',
      'properties.tags[]',
      'properties.ssn',
      'properties.total',
      'properties.paid',
      'properties.note',
    ]);
  });

  it('classifies by the last key, exactly after normalisation', () => {
    const f = byPath(classifier.classifyEvent(trackEvent));
    expect(f['context.ip']).toMatchObject({
      key: 'ip',
      normalizedKey: 'ip',
      color: 'yellow',
      matcher: { id: 'ip', name: 'IP', matchOn: 'key' },
    });
    expect(f['properties.patient.email'].color).toBe('yellow');
    expect(f['properties.patient.FIRST_NAME']).toMatchObject({
      normalizedKey: 'first name',
      color: 'yellow',
      matcher: { id: 'first_name' },
    });
    expect(f['properties.ssn']).toMatchObject({ color: 'red', matcher: { id: 'ssn' } });
    expect(f['context.library.name'].color).toBe('yellow'); // Segment's Name matcher is that blunt
    expect(f['context.traits.plan']).toMatchObject({ color: null, matcher: null });
    expect(f['properties.items[].sku']).toMatchObject({ key: 'sku', color: null, sample: 'A1' });
    expect(f['properties.tags[]']).toMatchObject({ key: 'tags', sample: 'x' });
  });

  it('stringifies samples', () => {
    const f = byPath(classifier.classifyEvent(trackEvent));
    expect(f['properties.total'].sample).toBe('30');
    expect(f['properties.paid'].sample).toBe('true');
    expect(f['properties.note'].sample).toBe('null');
  });

  it('truncates samples to 200 chars without splitting a surrogate pair', () => {
    const [long] = classifier.classifyEvent({ properties: { bio: 'x'.repeat(500) } });
    expect(long.sample).toBe('x'.repeat(200));
    const [emoji] = classifier.classifyEvent({ properties: { bio: `${'x'.repeat(199)}😀tail` } });
    expect(emoji.sample).toBe('x'.repeat(199));
  });

  it('walks top-level traits of identify events', () => {
    const fields = classifier.classifyEvent({
      type: 'identify',
      userId: 'u',
      traits: { phone: '+14155552671', address: { city: 'Paris', street: 'Rue' } },
    });
    expect(fields.map((f) => [f.keyPath, f.color])).toEqual([
      ['traits.phone', 'yellow'],
      ['traits.address.city', 'yellow'],
      ['traits.address.street', 'yellow'],
    ]);
  });

  it('ignores non-objects and envelope fields', () => {
    for (const e of [null, undefined, 'str', 42, [], [{ properties: { email: 'x' } }]])
      expect(classifier.classifyEvent(e)).toEqual([]);
    expect(classifier.classifyEvent({ email: 'a@b.co', userId: 'x', properties: 'not an object' })).toEqual([]);
  });

  it('de-duplicates key paths within an event', () => {
    const fields = classifier.classifyEvent({
      properties: { items: [{ sku: 1 }, { sku: 2 }, { sku: 3 }], 'items[]': { sku: 4 } },
    });
    expect(fields.map((f) => f.keyPath)).toEqual(['properties.items[].sku']);
    expect(fields[0].sample).toBe('1');
  });

  it('does not carry de-duplication over to the next event', () => {
    const e = { properties: { email: 'x' } };
    expect(classifier.classifyEvent(e)).toHaveLength(1);
    expect(classifier.classifyEvent(e)).toHaveLength(1);
  });

  it('upgrades a de-duplicated field when a later array element matches a value matcher', () => {
    const c = compileClassifier({
      matchers: [spec({ id: 'ssn-value', color: 'red', matchOn: 'value', preset: 'ssn', pattern: '' })],
    });
    const [field] = c.classifyEvent({
      properties: { notes: [{ text: 'hello' }, { text: '123-45-6789' }, { text: 'bye' }] },
    });
    expect(field).toMatchObject({
      keyPath: 'properties.notes[].text',
      color: 'red',
      matcher: { id: 'ssn-value', matchOn: 'value' },
      sample: '123-45-6789',
    });
  });

  it('ignores own keys only: a polluted prototype or __proto__ key changes nothing', () => {
    const e = JSON.parse('{"properties":{"__proto__":{"email":"x@y.zz"},"ok":1}}') as unknown;
    const fields = classifier.classifyEvent(e);
    expect(fields.map((f) => f.keyPath)).toEqual(['properties.__proto__.email', 'properties.ok']);
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });
});

describe('limits', () => {
  it('stops descending below maxDepth', () => {
    const c = compileClassifier({ matchers: [], limits: { maxDepth: 3 } });
    const e = { properties: { a: { b: { c: { d: 1 } }, leaf: 2 }, x: 0 } };
    expect(c.classifyEvent(e).map((f) => f.keyPath)).toEqual(['properties.a.leaf', 'properties.x']);
  });

  it('caps distinct fields', () => {
    const c = compileClassifier({ matchers: [], limits: { maxFields: 5 } });
    const properties = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(c.classifyEvent({ properties })).toHaveLength(5);
  });

  it('caps visited nodes so huge arrays stay cheap', () => {
    const c = compileClassifier({ ...defaults() });
    let reads = 0;
    const list = new Proxy(
      Array.from({ length: 1_000_000 }, () => 'x'),
      {
        get(target, prop, receiver) {
          if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
          return Reflect.get(target, prop, receiver) as unknown;
        },
      },
    );
    const fields = c.classifyEvent({ properties: { list, email: 'late' } });
    expect(reads).toBeLessThanOrEqual(c.limits.maxNodes);
    expect(fields.map((f) => f.keyPath)).toEqual(['properties.list[]']); // `email` is past the node budget
  });

  it('handles deeply nested hostile events without recursion problems', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const c = compileClassifier(defaults());
    expect(c.classifyEvent({ properties: deep })).toEqual([]);
    expect(c.classifyEvent({ properties: { deep, email: 'x' } }).map((f) => f.keyPath)).toEqual(['properties.email']);
  });

  it('uses the default limits when none are given', () => {
    expect(compileClassifier({ matchers: [] }).limits).toEqual({ maxDepth: 10, maxFields: 500, maxNodes: 5000 });
  });
});

describe('precedence', () => {
  it('Red beats Yellow beats Green for the same normalised key, regardless of order', () => {
    const matchers = [
      spec({ id: 'g', color: 'green', pattern: 'email' }),
      spec({ id: 'y', color: 'yellow', pattern: 'E-Mail' }),
      spec({ id: 'r', color: 'red', pattern: 'e_mail' }),
    ];
    for (const order of [matchers, [...matchers].reverse()]) {
      const c = compileClassifier({ matchers: order });
      expect(c.colorForKey('e mail')).toMatchObject({ color: 'red', matcher: { id: 'r' } });
    }
  });

  it('keeps the first matcher on ties', () => {
    const c = compileClassifier({
      matchers: [spec({ id: 'one', pattern: 'mrn' }), spec({ id: 'two', pattern: 'MRN' })],
    });
    expect(c.colorForKey('mrn')?.matcher.id).toBe('one');
  });

  it('lets a more severe key regex beat an exact match, but not an equal one', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'exact', color: 'yellow', pattern: 'patient_id' }),
        spec({ id: 're-yellow', color: 'yellow', mode: 'regex', pattern: '^patient' }),
        spec({ id: 're-red', color: 'red', mode: 'regex', pattern: '_ssn$' }),
      ],
    });
    expect(c.colorForKey('patient_id')?.matcher.id).toBe('exact');
    expect(c.colorForKey('patient_ssn')?.matcher.id).toBe('re-red');
  });

  it('uses value matchers only when they are more severe than the key match', () => {
    const c = compileClassifier({
      matchers: [
        ...defaultMatcherSpecs(),
        spec({ id: 'email-value', color: 'yellow', matchOn: 'value', preset: 'email', pattern: '' }),
        spec({ id: 'ssn-value', color: 'red', matchOn: 'value', preset: 'ssn', pattern: '' }),
      ],
    });
    const f = byPath(
      c.classifyEvent({ properties: { email: 'a@b.co', contact: 'a@b.co', email2: '123-45-6789', ssn: 'a@b.co' } }),
    );
    expect(f['properties.email'].matcher).toMatchObject({ id: 'email', matchOn: 'key' }); // tie → key
    expect(f['properties.contact'].matcher).toMatchObject({ id: 'email-value', matchOn: 'value' });
    expect(f['properties.email2'].matcher).toMatchObject({ id: 'ssn-value', matchOn: 'value' });
    expect(f['properties.email2'].color).toBe('red');
    expect(f['properties.ssn'].matcher?.id).toBe('ssn');
  });

  it('explicit classifications win over every matcher, by key path', () => {
    const c = compileClassifier({
      ...defaults(),
      classifications: [
        { keyPath: 'properties.ssn', color: 'green' },
        { keyPath: 'properties.items[].sku', color: 'red' },
      ],
    });
    const f = byPath(c.classifyEvent({ properties: { ssn: 'x', items: [{ sku: 'a' }], other: { ssn: 'y' } } }));
    expect(f['properties.ssn']).toMatchObject({ color: 'green', matcher: null });
    expect(f['properties.items[].sku']).toMatchObject({ color: 'red', matcher: null });
    expect(f['properties.other.ssn']).toMatchObject({ color: 'red', matcher: { id: 'ssn' } });
  });

  it('takes the most severe of duplicate explicit rules', () => {
    const c = compileClassifier({
      matchers: [],
      classifications: [
        { keyPath: 'properties.a', color: 'green' },
        { keyPath: 'properties.a', color: 'yellow' },
      ],
    });
    expect(c.colorForPath('properties.a')?.color).toBe('yellow');
  });
});

describe('matchers, synonyms and presets', () => {
  it('synonyms add exact keys to enabled key matchers only', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'mrn', color: 'red', pattern: 'mrn' }),
        spec({ id: 'off', pattern: 'off', enabled: false }),
        spec({ id: 'val', matchOn: 'value', mode: 'regex', pattern: '^x$' }),
      ],
      synonyms: [
        { matcherId: 'mrn', key: 'medicalRecordNumber' },
        { matcherId: 'off', key: 'ghost' },
        { matcherId: 'val', key: 'valueKey' },
        { matcherId: 'missing', key: 'nobody' },
      ],
    });
    expect(c.colorForKey('medical_record_number')).toMatchObject({ color: 'red', matcher: { id: 'mrn' } });
    expect(c.colorForKey('ghost')).toBeNull();
    expect(c.colorForKey('off')).toBeNull();
    expect(c.colorForKey('valueKey')).toBeNull();
    expect(c.colorForKey('nobody')).toBeNull();
  });

  it('regex key matchers see the raw key and the normalised key', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'raw', mode: 'regex', pattern: '^Patient[A-Z]' }),
        spec({ id: 'norm', mode: 'regex', pattern: '^member ' }),
      ],
    });
    expect(c.colorForKey('PatientName')?.matcher.id).toBe('raw');
    expect(c.colorForKey('memberNumber')?.matcher.id).toBe('norm');
    expect(c.colorForKey('MEMBER_ID')?.matcher.id).toBe('norm');
    expect(c.colorForKey('patientname')).toBeNull();
  });

  it('value matchers test strings and numbers, not booleans or null', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'phone', matchOn: 'value', preset: 'us_phone', pattern: '' }),
        spec({ id: 'vip', color: 'red', matchOn: 'value', mode: 'exact', pattern: 'VIP-007' }),
        spec({ id: 'bool', matchOn: 'value', mode: 'regex', pattern: '^(true|null)$' }),
      ],
    });
    const f = byPath(
      c.classifyEvent({
        properties: { a: 4155552671, b: '(415) 555-2671', c: 'VIP-007', d: 'vip-007', e: true, f: null, g: 'true' },
      }),
    );
    expect([f['properties.a'].matcher?.id, f['properties.b'].matcher?.id, f['properties.c'].matcher?.id]).toEqual([
      'phone',
      'phone',
      'vip',
    ]);
    expect([f['properties.d'].color, f['properties.e'].color, f['properties.f'].color]).toEqual([null, null, null]);
    expect(f['properties.g'].matcher?.id).toBe('bool');
  });

  it('the joined regex pre-filter reports the first matching matcher in input order', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'v1', matchOn: 'value', mode: 'regex', pattern: '^A\\d$' }),
        spec({ id: 'v2', matchOn: 'value', mode: 'regex', pattern: '^\\w\\d$' }),
        spec({ id: 'v3', matchOn: 'value', mode: 'exact', pattern: 'B1' }),
        spec({ id: 'v4', matchOn: 'value', mode: 'regex', pattern: '^(?<n>Z)$' }),
        spec({ id: 'v5', matchOn: 'value', mode: 'regex', pattern: '^(?<n>Y)$' }), // duplicate group name: no pre-filter
      ],
    });
    const f = byPath(c.classifyEvent({ properties: { a: 'A1', b: 'B1', c: 'C', z: 'Z', y: 'Y' } }));
    expect(f['properties.a'].matcher?.id).toBe('v1');
    expect(f['properties.b'].matcher?.id).toBe('v2');
    expect(f['properties.c'].matcher).toBeNull();
    expect(f['properties.z'].matcher?.id).toBe('v4');
    expect(f['properties.y'].matcher?.id).toBe('v5');
  });

  it('skips broken matchers with warnings instead of throwing', () => {
    const c = compileClassifier({
      matchers: [
        spec({ id: 'nested', mode: 'regex', pattern: '(a+)+' }),
        spec({ id: 'preset', matchOn: 'value', preset: 'nope', pattern: '' }),
        spec({ id: 'blank', pattern: '__' }),
        spec({ id: 'color', color: 'blue' as never, pattern: 'x' }),
        spec({ id: 'disabled', mode: 'regex', pattern: '(a+)+', enabled: false }),
      ],
    });
    expect(c.warnings).toEqual([
      { matcherId: 'nested', reason: 'Nested quantifier at position 4 can cause catastrophic backtracking' },
      { matcherId: 'preset', reason: 'Unknown value preset "nope"' },
      { matcherId: 'blank', reason: 'Key pattern is empty after normalisation' },
      { matcherId: 'color', reason: 'Unknown color "blue"' },
    ]);
  });
});

describe('colorForKey / colorForPath / classifyLeaf', () => {
  const c = compileClassifier({
    ...defaults(),
    classifications: [{ keyPath: 'properties.items[].sku', color: 'red' }],
  });

  it('colorForKey takes one raw key', () => {
    expect(c.colorForKey('emailAddress')).toMatchObject({ color: 'yellow', matcher: { id: 'email' } });
    expect(c.colorForKey('Social Security Number')).toMatchObject({ color: 'red', matcher: { id: 'ssn' } });
    expect(c.colorForKey('properties.email')).toBeNull(); // a path is not a key
    expect(c.colorForKey('')).toBeNull();
  });

  it('colorForPath honours explicit rules, then the last key', () => {
    expect(c.colorForPath('properties.items[].sku')).toEqual({ color: 'red', matcher: null });
    expect(c.colorForPath('context.traits.email')?.matcher?.id).toBe('email');
    expect(c.colorForPath('properties.phones[]')?.color).toBeUndefined();
    expect(c.colorForPath('properties.phone[][]')?.matcher?.id).toBe('phone');
    expect(c.colorForPath('email')?.matcher?.id).toBe('email');
    expect(c.colorForPath('')).toBeNull();
  });

  it('classifyLeaf agrees with classifyEvent', () => {
    const fields = c.classifyEvent(trackEvent);
    for (const f of fields) {
      const hit = c.classifyLeaf(f.keyPath, f.key, undefined);
      expect(hit?.color ?? null).toBe(f.color);
    }
  });
});

describe('path cache', () => {
  it('gives the same answers after the cache is rebuilt', () => {
    const c = compileClassifier(defaults());
    const fresh = () => compileClassifier(defaults());
    for (let e = 0; e < 30; e++) {
      const properties: Record<string, unknown> = Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [`k${e}_${i}`, i]),
      );
      properties.email = 'x';
      const event = { properties, context: { traits: { email: 'y', [`t${e}`]: 1 } } };
      expect(c.classifyEvent(event)).toEqual(fresh().classifyEvent(event));
    }
  });
});
