import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { recordAudit } from '@/lib/server/audit/record';
import { auditedChange } from '@/lib/server/audit/change';
import { verifyAuditChain } from '@/lib/server/audit-log/verify';
import { entry, newWorkspaceId } from './helpers';

// Meaningful on PostgreSQL (DATABASE_URL set: real parallel connections); on
// PGlite the calls are serialized by the engine but must still be correct.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe('concurrent appends', () => {
  it('50 parallel appends to one chain get seqs 1..50 with no fork', async () => {
    const ws = newWorkspaceId();
    const receipts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit(t.prisma, entry(ws, { targetId: String(i) }))),
    );
    expect(receipts.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const rows = await t.prisma.auditLog.findMany({ where: { chainKey: ws }, orderBy: { seq: 'asc' } });
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.timestamp.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.timestamp.getTime());
    }
    expect(await verifyAuditChain(t.prisma, ws)).toMatchObject({ ok: true, checked: 50 });
  });

  it('interleaves transactional and standalone appends on two chains without forking either', async () => {
    const a = newWorkspaceId();
    const b = newWorkspaceId();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const ws = i % 2 ? a : b;
        return i % 3
          ? recordAudit(t.prisma, entry(ws))
          : auditedChange(
              entry(ws),
              'workspace.renamed',
              async (_tx, audit) => {
                audit.record({ target: { type: 'workspace', id: ws } });
                return i;
              },
              { db: t.prisma },
            );
      }),
    );
    const r = await verifyAuditChain(t.prisma);
    expect(r.ok).toBe(true);
    expect(r.chains.find((c) => c.chainKey === a)?.headSeq).toBe(20);
    expect(r.chains.find((c) => c.chainKey === b)?.headSeq).toBe(20);
  });
});
