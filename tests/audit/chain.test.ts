import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { recordAudit } from '@/lib/server/audit/record';
import { verifyAuditChain } from '@/lib/server/audit-log/verify';
import { entry, newWorkspaceId } from './helpers';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

// An independent re-implementation of the canonical form documented in the
// migration (jsonb text output: keys ordered by length then bytes, ", " and ": "
// separators), so the chain can be checked outside Postgres, e.g. from a CSV export.
function jsonbText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort(
      (a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

interface Row {
  id: string;
  chainKey: string;
  seq: bigint;
  workspaceId: string | null;
  actorUserId: string | null;
  actorType: string;
  eventType: string;
  endUserId: string | null;
  timestamp: Date;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  targetType: string | null;
  targetId: string | null;
  changes: unknown;
  prevHash: string;
  hash: string;
}

function offlineHash(r: Row): string {
  const canonical = jsonbText({
    id: r.id,
    chainKey: r.chainKey,
    seq: Number(r.seq),
    workspaceId: r.workspaceId,
    actorUserId: r.actorUserId,
    actorType: r.actorType,
    eventType: r.eventType,
    endUserId: r.endUserId,
    timestampMs: r.timestamp.getTime(),
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    targetType: r.targetType,
    targetId: r.targetId,
    changes: r.changes,
  });
  return createHash('sha256').update(`${r.prevHash}|${canonical}`, 'utf8').digest('hex');
}

describe('audit hash chain', () => {
  it('chains rows per workspace, starting from the genesis hash', async () => {
    const a = newWorkspaceId();
    const b = newWorkspaceId();
    const ra1 = await recordAudit(
      t.prisma,
      entry(a, { changes: { before: { name: 'Old' }, after: { name: 'Neü "q"' } } }),
    );
    const rb1 = await recordAudit(t.prisma, entry(b));
    const ra2 = await recordAudit(
      t.prisma,
      entry(a, { eventType: 'audit.exported', endUserId: 'user-42', targetType: 'audit_log', targetId: a }),
    );
    const rg1 = await recordAudit(
      t.prisma,
      entry(null, { actorUserId: null, actorType: 'system', eventType: 'auth.sign_in_failed' }),
    );

    expect([ra1.seq, ra2.seq, rb1.seq, rg1.seq]).toEqual([1n, 2n, 1n, 1n]);
    const rows = await t.prisma.auditLog.findMany({ where: { chainKey: a }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.prevHash)).toEqual(['0'.repeat(64), ra1.hash]);
    expect(rows.map((r) => r.hash)).toEqual([ra1.hash, ra2.hash]);
    expect(rows[1]).toMatchObject({
      workspaceId: a,
      eventType: 'audit.exported',
      endUserId: 'user-42',
      actorType: 'user',
    });
    // Stored with millisecond precision in UTC.
    expect(rows[0]!.timestamp.getTime() % 1).toBe(0);
    expect((await t.prisma.auditLog.findFirst({ where: { id: rg1.id } }))?.chainKey).toBe('global');
    expect(await t.prisma.auditChainHead.findUnique({ where: { chainKey: a } })).toMatchObject({
      seq: 2n,
      hash: ra2.hash,
    });

    const all = await verifyAuditChain(t.prisma);
    expect(all.ok).toBe(true);
    expect(all.checked).toBe(4);
    expect(all.chains.find((c) => c.chainKey === a)).toMatchObject({
      ok: true,
      checked: 2,
      headSeq: 2,
      headHash: ra2.hash,
    });
    expect((await verifyAuditChain(t.prisma, b)).checked).toBe(1);
  });

  it('uses a canonical serialization that can be re-hashed outside the database', async () => {
    const ws = newWorkspaceId();
    await recordAudit(
      t.prisma,
      entry(ws, { changes: { after: { name: 'x', enabled: true, n: 3, list: ['a', 'b'] }, before: null } }),
    );
    await recordAudit(t.prisma, entry(ws, { targetType: 'destination', targetId: 'd1', endUserId: 'é-ñ' }));
    const rows = await t.prisma.auditLog.findMany({ where: { chainKey: ws }, orderBy: { seq: 'asc' } });
    for (const r of rows) expect(offlineHash(r as Row)).toBe(r.hash);
  });

  it('sanitizes changes before they are stored', async () => {
    const ws = newWorkspaceId();
    const r = await recordAudit(
      t.prisma,
      entry(ws, { changes: { before: { name: 'a', writeKey: 'wk_123' }, after: { name: 'b', password: 'hunter2' } } }),
    );
    const row = await t.prisma.auditLog.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.changes).toEqual({
      before: { name: 'a' },
      after: { name: 'b' },
      redacted: ['before.writeKey', 'after.password'],
    });
    expect(JSON.stringify(row.changes)).not.toMatch(/wk_123|hunter2/);
  });

  it('writes the audit row inside the caller transaction (rolled back with it)', async () => {
    const ws = newWorkspaceId();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await recordAudit(tx, entry(ws));
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await t.prisma.auditLog.count({ where: { chainKey: ws } })).toBe(0);
    // The chain head was rolled back too, so the next row is seq 1 again.
    expect((await recordAudit(t.prisma, entry(ws))).seq).toBe(1n);
    expect((await verifyAuditChain(t.prisma, ws)).ok).toBe(true);
  });
});
