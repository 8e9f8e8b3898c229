import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { listAuditEvents } from '@/lib/server/audit-log/query';
import { AppError } from '@/lib/server/errors';
import { auditFiltersSchema, type AuditFilters } from '@/lib/schemas/audit';
import { expectedOrder, seedRows } from './seed';

let t: TestDb;
const ws = randomUUID();
const otherWs = randomUUID();
let actorA: string;
const actorB = randomUUID();

beforeAll(async () => {
  t = await createTestDb();
  actorA = (await t.prisma.user.create({ data: { email: 'a@example.test', name: 'Alice Auditor', passwordHash: 'x' } }))
    .id;
  await seedRows(t.raw, { workspaceId: ws, count: 100, actorA, actorB });
  await seedRows(t.raw, { workspaceId: otherWs, count: 30, actorA, actorB });
});
afterAll(async () => {
  await t?.close();
});

async function walk(filters: AuditFilters, limit: number) {
  const pages: string[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | null = null;
  do {
    const p = await listAuditEvents(t.prisma, ws, filters, cursor, limit);
    pages.push(p.items.map((i) => i.id));
    cursors.push(p.prevCursor);
    cursor = p.nextCursor;
  } while (cursor && pages.length < 100);
  return { pages, cursors };
}

describe('listAuditEvents keyset pagination', () => {
  it('walks every row exactly once, newest first, with many equal timestamps', async () => {
    const { pages } = await walk({}, 6);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await expectedOrder(t.raw, ws));
    expect(pages.length).toBe(17);
    expect(pages.at(-1)).toHaveLength(4);
  });

  it('walks back with the "newer" cursor to the same pages, ending on the first', async () => {
    const { pages } = await walk({}, 6);
    const last = await (async () => {
      let p = await listAuditEvents(t.prisma, ws, {}, null, 6);
      while (p.nextCursor) p = await listAuditEvents(t.prisma, ws, {}, p.nextCursor, 6);
      return p;
    })();
    const back: string[][] = [last.items.map((i) => i.id)];
    let cursor = last.prevCursor;
    while (cursor) {
      const p = await listAuditEvents(t.prisma, ws, {}, cursor, 6);
      back.unshift(p.items.map((i) => i.id));
      cursor = p.prevCursor;
    }
    // 100 rows = 16 pages of 6 + 4, so walking back from the end lands on the same page boundaries.
    expect(back).toEqual(pages);
  });

  it('has no newer cursor on the first page and no older cursor on the last', async () => {
    const first = await listAuditEvents(t.prisma, ws, {}, null, 50);
    expect(first.prevCursor).toBeNull();
    const second = await listAuditEvents(t.prisma, ws, {}, first.nextCursor, 50);
    expect(second.nextCursor).toBeNull();
    expect(second.items).toHaveLength(50);
    const back = await listAuditEvents(t.prisma, ws, {}, second.prevCursor, 50);
    expect(back.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(back.prevCursor).toBeNull();
  });

  it.each<[string, AuditFilters, string, unknown[]]>([
    ['one event type', { eventType: ['audit.exported'] }, `"eventType" = 'audit.exported'`, []],
    ['several event types', { eventType: ['audit.exported', 'audit.viewed'] }, 'true', []],
    ['actor', { actorUserId: actorB }, `"actorUserId" = $2::uuid`, [actorB]],
    ['end user', { endUserId: 'eu-3' }, `"endUserId" = 'eu-3'`, []],
    ['target', { targetType: 'destination', targetId: 'd1' }, `"targetId" = 'd1'`, []],
    [
      'time range [from, to)',
      { from: new Date('2026-01-01T00:03:00Z'), to: new Date('2026-01-01T00:06:00Z') },
      `"timestamp" >= '2026-01-01T00:03:00Z' AND "timestamp" < '2026-01-01T00:06:00Z'`,
      [],
    ],
  ])('filters by %s, across pages', async (_name, filters, where, params) => {
    const { pages } = await walk(filters, 5);
    expect(pages.flat()).toEqual(await expectedOrder(t.raw, ws, where, params));
    expect(pages.flat().length).toBeGreaterThan(0);
  });

  it('keeps the tenant scope, even with a cursor taken from another workspace', async () => {
    const other = await listAuditEvents(t.prisma, otherWs, {}, null, 5);
    expect(other.items.every((i) => i.workspaceId === otherWs)).toBe(true);
    const mixed = await listAuditEvents(t.prisma, ws, {}, other.nextCursor, 200);
    expect(mixed.items.every((i) => i.workspaceId === ws)).toBe(true);
    expect((await listAuditEvents(t.prisma, randomUUID(), {}, null, 50)).items).toEqual([]);
  });

  it('returns display names and JSON-safe fields', async () => {
    const p = await listAuditEvents(t.prisma, ws, { actorUserId: actorA }, null, 3);
    expect(p.items[0]).toMatchObject({ actorName: 'Alice Auditor', actorEmail: 'a@example.test', actorType: 'user' });
    const exported = await listAuditEvents(t.prisma, ws, { eventType: ['audit.exported'] }, null, 1);
    expect(exported.items[0]).toMatchObject({ eventType: 'audit.exported', eventName: 'Audit Log Exported' });
    expect(typeof p.items[0]!.seq).toBe('string');
    expect(p.items[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(() => JSON.stringify(p)).not.toThrow();
  });

  it('rejects a malformed cursor with a 400', async () => {
    for (const bad of [
      'nope',
      Buffer.from('["o",1,"not-a-uuid"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      const err = await listAuditEvents(t.prisma, ws, {}, bad, 5).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
    }
  });
});

describe('auditFiltersSchema', () => {
  it('parses query-string filters', () => {
    const f = auditFiltersSchema.parse({
      eventType: 'audit.viewed,audit.exported',
      actorUserId: '',
      from: '2026-01-01T00:00:00.000Z',
      endUserId: '  ',
    });
    expect(f).toEqual({ eventType: ['audit.viewed', 'audit.exported'], from: new Date('2026-01-01T00:00:00.000Z') });
  });

  it.each([
    [{ eventType: 'audit.viewed,nope' }, /Unknown event type/],
    [{ actorUserId: 'bob' }, /Actor must be a user id/],
    [{ from: '2026-01-01T00:00' }, /./],
    [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /before/],
  ])('rejects %o', (input, msg) => {
    const r = auditFiltersSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(msg);
  });
});
