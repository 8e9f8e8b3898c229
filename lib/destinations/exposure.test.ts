import { describe, expect, it } from 'vitest';
import {
  computeBlastRadius,
  eventsCarrying,
  isExposure,
  keyPathOf,
  lastKey,
  mergeTreatments,
  observedFieldColor,
  summarizeExposure,
  treatmentAt,
  treatmentOf,
  type BlastDestination,
  type BlastField,
  type Treatment,
} from '@/lib/destinations/exposure';
import { compileClassifier, defaultMatcherSpecs, defaultSynonymSpecs } from '@/lib/privacy';
import { withQuarantine } from '@/lib/privacy/quarantine';

const classifier = compileClassifier({ matchers: defaultMatcherSpecs(), synonyms: defaultSynonymSpecs() });

const dest = (over: Partial<BlastDestination> = {}): BlastDestination => ({
  id: 'd1',
  name: 'Mixpanel',
  catalogId: 'mixpanel',
  sourceId: 's1',
  baaOverride: null,
  enabled: true,
  treatments: new Map(),
  ...over,
});
const field = (
  keyPath: string,
  classification: 'red' | 'yellow',
  sourceIds = ['s1'],
  suggested = false,
): BlastField => ({
  id: keyPath,
  keyPath,
  classification,
  suggested,
  sourceIds,
});

const FIELDS = [
  field('properties.email', 'yellow', ['s1'], true),
  field('context.traits.firstName', 'yellow'),
  field('properties.ssn', 'red', ['s1'], true),
  field('properties.items[].diagnosis', 'yellow'),
  field('properties.phone', 'yellow', ['s2']),
];

describe('observedFieldColor', () => {
  const unclassified = (keyPath: string, suggestedColor: 'red' | 'yellow' | 'green' | null = null) => ({
    keyPath,
    classification: null,
    suggestedColor,
  });

  it('an unclassified field takes what the matchers say, marked as suggested', () => {
    expect(observedFieldColor(unclassified('properties.email'), classifier)).toEqual({
      color: 'yellow',
      suggested: true,
    });
    expect(observedFieldColor(unclassified('properties.credit_card'), classifier)).toEqual({
      color: 'red',
      suggested: true,
    });
    expect(observedFieldColor(unclassified('properties.plan'), classifier)).toEqual({ color: null, suggested: true });
  });

  it('keeps the Inbox’s stored suggestion (a value pattern) when the key says nothing, and the worse of the two', () => {
    expect(observedFieldColor(unclassified('properties.note', 'red'), classifier).color).toBe('red');
    expect(observedFieldColor(unclassified('properties.email', 'red'), classifier).color).toBe('red');
    expect(observedFieldColor(unclassified('properties.email', 'green'), classifier).color).toBe('yellow');
  });

  it('an owner’s classification wins over every matcher, Green included', () => {
    expect(
      observedFieldColor({ keyPath: 'properties.ssn', classification: 'green', suggestedColor: 'red' }, classifier),
    ).toEqual({ color: 'green', suggested: false });
    expect(
      observedFieldColor({ keyPath: 'properties.plan', classification: 'red', suggestedColor: null }, classifier),
    ).toEqual({ color: 'red', suggested: false });
  });

  it('follows quarantine: an unclassified field is at least Yellow', () => {
    expect(observedFieldColor(unclassified('properties.plan'), withQuarantine(classifier)).color).toBe('yellow');
  });
});

describe('isExposure', () => {
  it('is a Red or Yellow field in clear to a destination without a signed BAA', () => {
    expect(isExposure('does_not_sign', 'clear', 'yellow')).toBe(true);
    expect(isExposure('you_decide', 'clear', 'red')).toBe(true);
    expect(isExposure('signs', 'clear', 'red')).toBe(false);
    expect(isExposure('does_not_sign', 'hashed', 'red')).toBe(false);
    expect(isExposure('does_not_sign', 'clear', 'green')).toBe(false);
    expect(isExposure('does_not_sign', 'clear', null)).toBe(false);
  });
});

describe('eventsCarrying', () => {
  it('builds events that carry every key path once, arrays included, in the observed sections only', () => {
    const events = eventsCarrying(
      ['properties.email', 'properties.items[].diagnosis', 'context.traits.email', 'properties.tags[]', 'userId'],
      (k) => `v:${k}`,
    );
    expect(events).toEqual([
      {
        type: 'track',
        event: 'Blast radius',
        context: { traits: { email: 'v:context.traits.email' } },
        properties: {
          email: 'v:properties.email',
          items: [{ diagnosis: 'v:properties.items[].diagnosis' }],
          tags: ['v:properties.tags[]'],
        },
      },
    ]);
  });

  it('puts a path that clashes with another (leaf here, object there) into the next event', () => {
    const events = eventsCarrying(['properties.address', 'properties.address.city'], () => 'x');
    expect(events.map((e) => e.properties)).toEqual([{ address: 'x' }, { address: { city: 'x' } }]);
  });

  it('keeps a "__proto__" key as an own property without touching any prototype', () => {
    const [e] = eventsCarrying(['properties.__proto__.polluted'], () => 'x');
    const props = e.properties as Record<string, unknown>;
    expect(Object.hasOwn(props, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('treatments by key path', () => {
  it('maps concrete paths to key paths and keeps the worst label over runs', () => {
    expect(keyPathOf('properties.items[3].sku')).toBe('properties.items[].sku');
    const labels = mergeTreatments(new Map<string, Treatment>(), [
      { path: 'properties.items[0].sku', label: 'dropped' },
      { path: 'properties.items[1].sku', label: 'clear' },
      { path: 'properties.email', label: 'hashed' },
    ]);
    mergeTreatments(labels, [{ path: 'properties.email', label: 'dropped' }]);
    expect(Object.fromEntries(labels)).toEqual({ 'properties.items[].sku': 'clear', 'properties.email': 'hashed' });
  });

  it('a child takes the label of the nearest labelled container; a path nothing labelled is clear', () => {
    const labels = new Map<string, Treatment>([['properties.address', 'encrypted']]);
    expect(treatmentAt('properties.address.city', labels)).toBe('encrypted');
    expect(treatmentAt('properties.address', labels)).toBe('encrypted');
    expect(treatmentAt('properties.email', labels)).toBe('clear');
  });
});

describe('computeBlastRadius', () => {
  it('flags every Red/Yellow field from its own source sent in clear to a non-BAA destination, Red first', () => {
    const [r] = computeBlastRadius({ destinations: [dest()], fields: FIELDS });
    expect(r.effectiveBaa).toBe('does_not_sign');
    expect(r.exposed.map((f) => f.keyPath)).toEqual([
      'properties.ssn',
      'context.traits.firstName',
      'properties.email',
      'properties.items[].diagnosis',
    ]);
    expect(r.exposed.find((f) => f.keyPath === 'properties.email')?.suggested).toBe(true);
    expect(r.counts).toEqual({ clear: 4, encrypted: 0, hashed: 0, dropped: 0 });
  });

  it('takes each field’s treatment from the pipeline’s labels', () => {
    const treatments = new Map<string, Treatment>([
      ['properties.ssn', 'dropped'],
      ['context.traits', 'encrypted'],
      ['properties.email', 'hashed'],
    ]);
    const [r] = computeBlastRadius({ destinations: [dest({ treatments })], fields: FIELDS });
    expect(Object.fromEntries(r.fields.map((f) => [f.keyPath, f.treatment]))).toEqual({
      'properties.ssn': 'dropped',
      'context.traits.firstName': 'encrypted',
      'properties.email': 'hashed',
      'properties.items[].diagnosis': 'clear',
    });
    expect(r.exposed.map((f) => f.keyPath)).toEqual(['properties.items[].diagnosis']);
  });

  it('warns nothing for a destination whose effective BAA status is "signs"', () => {
    const [s3, overridden, webhook, snowflake] = computeBlastRadius({
      destinations: [
        dest({ id: 'a', catalogId: 'amazon-s3' }),
        dest({ id: 'b', baaOverride: true }),
        dest({ id: 'c', catalogId: 'webhook' }),
        dest({ id: 'd', catalogId: 'snowflake', baaOverride: false }),
      ],
      fields: FIELDS,
    });
    expect(s3.exposed).toEqual([]);
    expect(overridden).toMatchObject({ effectiveBaa: 'signs', exposed: [] });
    // "You decide" without an owner's decision is not a BAA.
    expect(webhook.effectiveBaa).toBe('you_decide');
    expect(webhook.exposed).toHaveLength(4);
    expect(snowflake.exposed).toHaveLength(4);
  });

  it('counts enabled destinations only; a disabled one is reported apart', () => {
    const rows = computeBlastRadius({
      destinations: [
        dest({ id: 'on' }),
        dest({ id: 'off', enabled: false }),
        dest({ id: 'off2', enabled: false }),
        dest({ id: 'baa', baaOverride: true }),
      ],
      fields: FIELDS,
    });
    expect(rows.map((r) => [r.destinationId, r.enabled, r.exposed.length])).toEqual([
      ['on', true, 4],
      ['off', false, 4],
      ['off2', false, 4],
      ['baa', true, 0],
    ]);
    expect(summarizeExposure(rows)).toEqual({ exposed: 1, exposedDisabled: 2 });
  });
});

describe('treatmentOf (the Inventory’s one-field view)', () => {
  const settings = { encryptionEnabled: true, hashingEnabled: true };
  const key = (keyPath: string, classification: 'red' | 'yellow', normalizedKey: string) => ({
    keyPath,
    classification,
    normalizedKey,
  });

  it('knows blocked, encrypted and hashed fields; encryption wins over hashing', () => {
    const enc = new Set(['email']);
    const hash = new Set(['email', 'diagnosis']);
    expect(treatmentOf(key('properties.ssn', 'red', 'ssn'), settings, { blockRed: true }, enc, hash)).toBe('dropped');
    expect(treatmentOf(key('properties.email', 'yellow', 'email'), settings, undefined, enc, hash)).toBe('encrypted');
    expect(treatmentOf(key('properties.diagnosis', 'yellow', 'diagnosis'), settings, undefined, enc, hash)).toBe(
      'hashed',
    );
    expect(treatmentOf(key('userId', 'yellow', 'user id'), settings, undefined, enc, new Set(['user id']))).toBe(
      'clear',
    );
  });

  it('falls back to the key path when the stored normalised key is empty', () => {
    expect(lastKey('properties.items[].sku')).toBe('sku');
    expect(
      treatmentOf(
        key('properties.patientEmail', 'yellow', ''),
        settings,
        undefined,
        new Set(),
        new Set(['patient email']),
      ),
    ).toBe('hashed');
  });
});
