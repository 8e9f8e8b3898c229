// recordObservedFields (the pipeline's entry point) and loadClassifier against a
// real database: aggregation, upsert arithmetic, sealed samples, suggestions, and a
// classifier that follows every setting stored by the Privacy Portal.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, workspaceId } from '@/tests/support/ctx';
import { DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { recordObservedFields, type ObservationGroup } from '@/lib/server/privacy/observe';
import { compileWorkspaceClassifier, invalidateClassifier, loadClassifier } from '@/lib/server/privacy/classifier';
import { openSample } from '@/lib/server/privacy/samples';
import { createMatcher, updateMatcher } from '@/lib/server/privacy/matchers';
import { createSynonym } from '@/lib/server/privacy/synonyms';
import { classifyField } from '@/lib/server/privacy/inventory';
import { setQuarantine } from '@/lib/server/privacy/controls';
import { DEFAULT_MATCHERS } from '@/lib/privacy/default-matchers';
import type { WorkspaceCtx } from '@/lib/server/context/types';

const db = useServerDb();
let ws: string;
let other: string;
let source: string;
let otherSource: string;
let owner: WorkspaceCtx;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_privacy_observe' });
  ws = await workspaceId('sunshine-health');
  other = await workspaceId('northwind-clinic');
  source = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: ws } })).id;
  otherSource = (await db.current.prisma.source.findFirstOrThrow({ where: { workspaceId: other } })).id;
  owner = await ctxFor(DEMO.owner, 'sunshine-health');
});

async function observe(
  events: { eventName: string; payload: unknown; at?: Date; sourceId?: string; workspace?: string }[],
) {
  const groups: ObservationGroup[] = [];
  for (const e of events) {
    const c = await loadClassifier(e.workspace ?? ws);
    groups.push({
      workspaceId: e.workspace ?? ws,
      sourceId: e.sourceId ?? source,
      eventName: e.eventName,
      at: e.at,
      fields: c.classifyEvent(e.payload),
    });
  }
  return recordObservedFields(groups);
}

const field = (keyPath: string, workspace = ws) =>
  db.current.prisma.observedField.findUniqueOrThrow({
    where: { workspaceId_keyPath: { workspaceId: workspace, keyPath } },
    include: { occurrences: true },
  });

describe('recordObservedFields', () => {
  it('aggregates a batch in memory and upserts each field and occurrence once', async () => {
    const t1 = new Date('2026-11-20T10:00:00Z');
    const t2 = new Date('2026-11-20T10:05:00Z');
    const r = await observe([
      { eventName: 'Signed Up', payload: { properties: { email: 'first@example.com', plan: 'pro' } }, at: t1 },
      { eventName: 'Signed Up', payload: { properties: { email: 'second@example.com', plan: 'free' } }, at: t2 },
      {
        eventName: 'Order Completed',
        payload: { properties: { email: 'third@example.com' }, context: { traits: { phone: '+14155552671' } } },
        at: t2,
      },
    ]);
    expect(r).toEqual({ fields: 3, created: 3, occurrences: 4 });
    const email = await field('properties.email');
    expect(email).toMatchObject({
      count: BigInt(3),
      normalizedKey: 'email',
      suggestedColor: 'yellow',
      matcherName: 'Email',
      classification: null,
    });
    expect(email.firstSeenAt).toEqual(t1);
    expect(email.lastSeenAt).toEqual(t2);
    expect(email.occurrences.map((o) => [o.eventName, Number(o.count)]).sort()).toEqual([
      ['Order Completed', 1],
      ['Signed Up', 2],
    ]);
    // The sample is sealed (not stored in clear), bound to workspace and key path, and the first one is kept.
    expect(email.sampleValueEnc).not.toContain('example.com');
    expect(openSample(ws, 'properties.email', email.sampleValueEnc)).toBe('first@example.com');
    expect(openSample(ws, 'properties.plan', email.sampleValueEnc)).toBeNull();
    expect(openSample(other, 'properties.email', email.sampleValueEnc)).toBeNull();
    expect(await field('properties.plan')).toMatchObject({ count: BigInt(2), suggestedColor: null, matcherName: null });
  });

  it('adds counts on conflict, keeps the first sample and the earliest first-seen', async () => {
    const before = await field('properties.email');
    const later = new Date('2026-11-21T08:00:00Z');
    const r = await observe([
      { eventName: 'Signed Up', payload: { properties: { email: 'later@example.com' } }, at: later },
    ]);
    expect(r).toEqual({ fields: 1, created: 0, occurrences: 1 });
    const after = await field('properties.email');
    expect(after.count).toBe(before.count + BigInt(1));
    expect(after.firstSeenAt).toEqual(before.firstSeenAt);
    expect(after.lastSeenAt).toEqual(later);
    expect(openSample(ws, 'properties.email', after.sampleValueEnc)).toBe('first@example.com');
    expect(Number(after.occurrences.find((o) => o.eventName === 'Signed Up')!.count)).toBe(3);
    // An older, late-arriving batch never moves lastSeenAt back.
    await observe([
      {
        eventName: 'Signed Up',
        payload: { properties: { email: 'x@example.com' } },
        at: new Date('2026-11-19T00:00:00Z'),
      },
    ]);
    const again = await field('properties.email');
    expect(again.lastSeenAt).toEqual(later);
    expect(again.firstSeenAt).toEqual(new Date('2026-11-19T00:00:00Z'));
  });

  it('accepts pre-aggregated groups with counts (the pipeline buffer) and a transaction client', async () => {
    const c = await loadClassifier(ws);
    const fields = c.classifyEvent({ properties: { coupon: 'SAVE10' } }).map((f) => ({ ...f, count: 40 }));
    await db.current.prisma.$transaction(async (tx) => {
      await recordObservedFields(tx, {
        workspaceId: ws,
        sourceId: source,
        eventName: 'Coupon Applied',
        events: 40,
        fields,
      });
    });
    expect((await field('properties.coupon')).count).toBe(BigInt(40));
    // Rolled back with its transaction.
    await expect(
      db.current.prisma.$transaction(async (tx) => {
        await recordObservedFields(tx, { workspaceId: ws, sourceId: source, eventName: 'Coupon Applied', fields });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await field('properties.coupon')).count).toBe(BigInt(40));
  });

  it('keeps the most severe matcher suggestion and ignores quarantine and explicit hits', async () => {
    const m = await createMatcher(owner, {
      name: 'SSN value',
      color: 'red',
      matchOn: 'value',
      type: 'preset',
      preset: 'ssn',
    });
    await observe([{ eventName: 'Note', payload: { properties: { memo: 'hello' } } }]);
    expect(await field('properties.memo')).toMatchObject({ suggestedColor: null, matcherName: null });
    await observe([{ eventName: 'Note', payload: { properties: { memo: '123-45-6789' } } }]);
    expect(await field('properties.memo')).toMatchObject({ suggestedColor: 'red', matcherName: 'SSN value' });
    await observe([{ eventName: 'Note', payload: { properties: { memo: 'plain again' } } }]);
    expect(await field('properties.memo')).toMatchObject({ suggestedColor: 'red', matcherName: 'SSN value' });

    await setQuarantine(owner, true);
    await observe([{ eventName: 'Note', payload: { properties: { quarantined_thing: 'q' } } }]);
    expect(await field('properties.quarantined_thing')).toMatchObject({
      suggestedColor: null,
      matcherName: null,
      classification: null,
    });
    await setQuarantine(owner, false);
    await updateMatcher(owner, m.id, { enabled: false });
  });

  it('does not keep an empty (blocked) sample, so a later value can fill it', async () => {
    await recordObservedFields({
      workspaceId: ws,
      sourceId: source,
      eventName: 'Blocked',
      fields: [
        {
          keyPath: 'properties.ssn',
          normalizedKey: 'ssn',
          color: 'red',
          matcher: { id: 'x', name: 'SSN', matchOn: 'key' },
          sample: '',
        },
      ],
    });
    expect((await field('properties.ssn')).sampleValueEnc).toBeNull();
    await observe([{ eventName: 'Blocked', payload: { properties: { ssn: '111-22-3333' } } }]);
    const f = await field('properties.ssn');
    expect(openSample(ws, 'properties.ssn', f.sampleValueEnc)).toBe('111-22-3333');
  });

  it('writes occurrences only for sources of the same workspace', async () => {
    const r = await observe([
      { eventName: 'Cross', payload: { properties: { cross_tenant: 1 } }, sourceId: otherSource },
    ]);
    expect(r.occurrences).toBe(0);
    expect((await field('properties.cross_tenant')).occurrences).toEqual([]);
    await expect(field('properties.cross_tenant', other)).rejects.toThrow();
  });

  it('adds up concurrent batches over the same fields exactly (no lost updates, no deadlock)', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const batch = (order: string[]) => ({
      workspaceId: ws,
      sourceId: source,
      eventName: 'Concurrent',
      fields: order.map((k) => ({
        keyPath: `properties.concurrent.${k}`,
        normalizedKey: k,
        color: null,
        matcher: null,
        sample: k,
        count: 5,
      })),
    });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => recordObservedFields(batch(i % 2 ? [...keys].reverse() : keys))),
    );
    for (const k of keys) {
      const f = await field(`properties.concurrent.${k}`);
      expect(f.count).toBe(BigInt(40));
      expect(f.occurrences.map((o) => Number(o.count))).toEqual([40]);
    }
  });

  it('skips absurd key paths and handles an empty batch', async () => {
    expect(await recordObservedFields([])).toEqual({ fields: 0, created: 0, occurrences: 0 });
    const long = `properties.${'a'.repeat(1200)}`;
    expect(
      await recordObservedFields({
        workspaceId: ws,
        sourceId: source,
        eventName: 'x',
        fields: [{ keyPath: long, normalizedKey: 'a', color: null, matcher: null, sample: '1' }],
      }),
    ).toEqual({ fields: 0, created: 0, occurrences: 0 });
  });
});

describe('loadClassifier', () => {
  it('creates the built-in matchers lazily and matches their spellings', async () => {
    expect(await db.current.prisma.matcher.count({ where: { workspaceId: other, builtIn: true } })).toBe(0);
    const c = await compileWorkspaceClassifier(other);
    expect(await db.current.prisma.matcher.count({ where: { workspaceId: other, builtIn: true } })).toBe(
      DEFAULT_MATCHERS.length,
    );
    expect(c.colorForKey('dob')).toMatchObject({ color: 'yellow', matcher: { name: 'Birthdate' } });
    expect(c.colorForKey('Social Security Number')?.color).toBe('red');
    expect(c.warnings).toEqual([]);
  });

  it('honours stored colours, toggles, custom matchers, synonyms, explicit classifications and quarantine', async () => {
    const matchers = await db.current.prisma.matcher.findMany({ where: { workspaceId: ws, builtIn: true } });
    const byName = new Map(matchers.map((m) => [m.name, m]));
    await updateMatcher(owner, byName.get('City')!.id, { color: 'green' });
    await updateMatcher(owner, byName.get('Gender')!.id, { enabled: false });
    await createMatcher(owner, {
      name: 'Member number',
      color: 'red',
      matchOn: 'key',
      type: 'regex',
      pattern: '^member(_|\\s)?(no|number|id)$',
    });
    await createMatcher(owner, {
      name: 'Provider NPI',
      color: 'yellow',
      matchOn: 'value',
      type: 'preset',
      preset: 'npi',
    });
    await createSynonym(owner, { matcherId: byName.get('Email')!.id, key: 'patient_email' });
    const memo = await field('properties.memo');
    await classifyField(owner, memo.id, 'green');

    const c = await loadClassifier(ws);
    expect(c.colorForKey('city')?.color).toBe('green');
    expect(c.colorForKey('gender')).toBeNull();
    expect(c.colorForKey('member_number')).toMatchObject({ color: 'red', matcher: { name: 'Member number' } });
    expect(c.colorForKey('patientEmail')).toMatchObject({ color: 'yellow', matcher: { name: 'Email' } });
    expect(c.classifyLeaf('properties.npi_value', 'npi_value', '1234567893')).toMatchObject({
      color: 'yellow',
      matcher: { name: 'Provider NPI' },
    });
    expect(c.colorForPath('properties.memo')).toEqual({ color: 'green', matcher: null });
    expect(c.quarantine).toBe(false);
    expect(c.classifyLeaf('properties.unknown_thing', 'unknown_thing', 'v')).toBeNull();

    // Cached until invalidated: a raw change outside the portal is not seen...
    await db.current.prisma.workspace.update({ where: { id: ws }, data: { quarantineNewFields: true } });
    expect((await loadClassifier(ws)).quarantine).toBe(false);
    // ...and the portal's own changes invalidate it.
    invalidateClassifier(ws);
    const q = await loadClassifier(ws);
    expect(q.quarantine).toBe(true);
    expect(q.classifyLeaf('properties.unknown_thing', 'unknown_thing', 'v')?.color).toBe('yellow');
    expect(q.classifyLeaf('properties.memo', 'memo', 'v')?.color).toBe('green'); // explicit wins over quarantine
    expect(q.base.classifyLeaf('properties.unknown_thing', 'unknown_thing', 'v')).toBeNull();
    await setQuarantine(owner, false);
    expect((await loadClassifier(ws)).quarantine).toBe(false);
  });

  it('falls back to the code defaults, and writes nothing, for a workspace that does not exist', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const c = await compileWorkspaceClassifier(ghost);
    expect(c.colorForKey('ssn')?.color).toBe('red');
    expect(c.colorForKey('zip code')?.color).toBe('yellow');
    expect(await db.current.prisma.matcher.count({ where: { workspaceId: ghost } })).toBe(0);
  });

  it('serves one compiled classifier per workspace', async () => {
    const [a, b] = await Promise.all([loadClassifier(ws), loadClassifier(ws)]);
    expect(a).toBe(b);
    expect(await loadClassifier(other)).not.toBe(a);
  });
});
