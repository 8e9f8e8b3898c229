/**
 * Classifier throughput benchmark: `npx tsx bench/classify.bench.ts`.
 *
 * Realistic load: a 40-leaf Segment track event (nested context.traits, properties
 * with arrays; 8 PII fields + `name` keys the default Name matcher flags + one
 * explicitly classified field), a classifier with the defaults + 100 custom matchers
 * (60 exact key, 30 regex key, 10 value regex) + 20 synonyms. Values differ from event
 * to event (a pool of 1,000 events) so value matchers cannot benefit from identical
 * strings; key shapes repeat, as they do in real traffic. A walk-only baseline (same
 * traversal, no matching) runs in the same process for comparison.
 */
import { compileClassifier } from '../lib/privacy/classify';
import { defaultMatcherSpecs, defaultSynonymSpecs } from '../lib/privacy/default-matchers';
import type { MatcherSpec, SynonymSpec } from '../lib/privacy/types';
import { DEFAULT_LIMITS, walkEvent } from '../lib/privacy/walk';

const TARGET = 50_000;
const WARMUP_MS = 750;
const MEASURE_MS = 3_000;

function makeEvent(i: number): Record<string, unknown> {
  const id = String(100000 + i);
  return {
    type: 'track',
    event: 'Appointment Booked',
    messageId: `msg-${id}`,
    anonymousId: `anon-${id}`,
    userId: `user-${id}`,
    timestamp: '2024-05-01T12:00:00.000Z',
    context: {
      ip: `10.0.${i % 255}.${(i * 7) % 255}`, // PII (ip)
      locale: 'en-US',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15',
      library: { name: 'analytics.js', version: '5.2.0' },
      page: { path: '/book', referrer: 'https://www.google.com/', title: 'Book a visit', url: 'https://clinic.example.com/book' },
      campaign: { name: 'spring', source: 'newsletter', medium: 'email' },
      traits: {
        email: `patient${i}@example.com`, // PII
        firstName: 'Ada', // PII
        lastName: `Lovelace${i}`, // PII
        phone: '+14155552671', // PII
        plan: 'premium',
        createdAt: '2023-01-01',
      },
    },
    properties: {
      appointmentId: `apt-${id}`,
      clinicId: 'clinic-42',
      providerNpi: '1234567893',
      specialty: 'cardiology',
      visitType: 'in-person',
      scheduledFor: '2024-06-01T09:30:00Z',
      durationMinutes: 30,
      isNewPatient: i % 2 === 0,
      custom_field_5: 'PPO Gold', // custom exact key matcher (Green)
      copay: 25.5,
      currency: 'USD',
      birthdate: '1984-03-12', // PII
      diagnosis: 'E11.9', // PII
      notes: `Follow-up visit ${id}`, // explicitly classified Yellow in the inventory
      memberRef: `MRN-${1000000 + i}`, // PII only recognisable by value (custom value regex)
      source: 'web',
      items: [
        { sku: `SKU-${id}`, quantity: 1, price: 120 },
        { sku: 'SKU-2', quantity: 2, price: 40 },
      ],
      tags: ['returning', 'online'],
      referral: { channel: 'partner', internal7_partner: 'p-77' }, // custom key regex (Yellow)
    },
  };
}

function makeCustom(): { matchers: MatcherSpec[]; synonyms: SynonymSpec[] } {
  const matchers: MatcherSpec[] = [];
  const colors = ['red', 'yellow', 'green'] as const;
  for (let i = 0; i < 60; i++) {
    matchers.push({ id: `exact-${i}`, name: `Custom exact ${i}`, color: colors[i % 3], matchOn: 'key', mode: 'exact', pattern: `custom_field_${i}`, enabled: true });
  }
  for (let i = 0; i < 30; i++) {
    matchers.push({ id: `kre-${i}`, name: `Custom key regex ${i}`, color: colors[i % 3], matchOn: 'key', mode: 'regex', pattern: `^(?:x_)?internal${i}_[a-z]+$`, enabled: true });
  }
  const valuePatterns = [
    '^MRN-\\d{6,8}$', '^[A-Z]{3}-\\d{4}$', '^\\d{3}-\\d{2}-\\d{4}$', '^PT\\d{9}$', '^[A-Z]{2}\\d{6}[A-Z]$',
    '^\\d{5}-\\d{4}$', '^MBI-[0-9A-Z]{11}$', '^ACCT\\d{10}$', '^[A-F0-9]{8}-[A-F0-9]{4}$', '^DL[A-Z]\\d{7}$',
  ];
  valuePatterns.forEach((pattern, i) => {
    matchers.push({ id: `vre-${i}`, name: `Custom value regex ${i}`, color: i % 2 ? 'red' : 'yellow', matchOn: 'value', mode: 'regex', pattern, enabled: true });
  });
  const synonyms: SynonymSpec[] = [];
  for (let i = 0; i < 20; i++) synonyms.push({ matcherId: `exact-${i}`, key: `alias_${i}_field` });
  return { matchers, synonyms };
}

function measure(fn: (event: unknown) => number, events: readonly unknown[]): number {
  let sink = 0;
  let n = 0;
  const run = (ms: number): number => {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < ms) {
      for (let k = 0; k < 1000; k++) sink += fn(events[n++ % events.length]);
      count += 1000;
    }
    return count / ((performance.now() - start) / 1000);
  };
  run(WARMUP_MS);
  const rate = run(MEASURE_MS);
  if (sink === -1) console.log('unreachable'); // keep `sink` observable so the work is not optimised away
  return rate;
}

function main(): void {
  const custom = makeCustom();
  const classifier = compileClassifier({
    matchers: [...defaultMatcherSpecs(), ...custom.matchers],
    synonyms: [...defaultSynonymSpecs(), ...custom.synonyms],
    classifications: [{ keyPath: 'properties.notes', color: 'yellow' }],
  });
  if (classifier.warnings.length > 0) throw new Error(`matcher warnings: ${JSON.stringify(classifier.warnings)}`);
  const events = Array.from({ length: 1000 }, (_, i) => makeEvent(i));

  const sample = classifier.classifyEvent(events[0]);
  const pii = sample.filter((f) => f.color === 'red' || f.color === 'yellow').map((f) => f.keyPath);
  console.log(`event: ${sample.length} fields, ${pii.length} PII/sensitive: ${pii.join(', ')}`);

  const classifyRate = measure((e) => classifier.classifyEvent(e).length, events);
  const baselineRate = measure((e) => {
    let leaves = 0;
    walkEvent(e, DEFAULT_LIMITS, (keyPath) => {
      leaves += keyPath.length > 0 ? 1 : 0;
      return true;
    });
    return leaves;
  }, events);

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `classify: ${fmt(classifyRate)} events/s (target >= ${fmt(TARGET)}) | walk-only baseline: ${fmt(baselineRate)} events/s | ratio classify/baseline: ${(classifyRate / baselineRate).toFixed(2)}`,
  );
  if (classifyRate < TARGET) {
    console.error(`FAIL: classify throughput below ${fmt(TARGET)} events/s`);
    process.exitCode = 1;
  }
}

main();
