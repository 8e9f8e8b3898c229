import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { auditedRead } from '@/lib/server/audit/audited';
import { auditedChange } from '@/lib/server/audit/change';
import { recordAudit } from '@/lib/server/audit/record';
import { AppError } from '@/lib/server/errors';
import { entry } from './helpers';

let t: TestDb;
let workspaceId: string;
beforeAll(async () => {
  t = await createTestDb();
  workspaceId = (await t.prisma.workspace.create({ data: { slug: `ws-${randomUUID().slice(0, 8)}`, name: 'Before' } }))
    .id;
});
afterAll(async () => {
  await t?.close();
});

// Makes every audit insert fail, as a full disk or a revoked grant would.
async function breakAudit() {
  await t.raw.exec(`CREATE FUNCTION test_audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'simulated audit failure'; END $$;
    CREATE TRIGGER test_audit_fail BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_audit_fail();`);
}
afterEach(async () => {
  await t.raw.exec(`DROP TRIGGER IF EXISTS test_audit_fail ON "AuditLog"; DROP FUNCTION IF EXISTS test_audit_fail();`);
});

const PHI = { email: 'patient@example.test', diagnosis: 'confidential' };

async function expectAuditUnavailable(p: Promise<unknown>) {
  const err = await p.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('audit_unavailable');
  expect((err as AppError).status).toBe(503);
}

describe('audited read fails closed', () => {
  it('returns the data after its audit row is committed', async () => {
    const data = await auditedRead(
      t.prisma,
      entry(workspaceId, { eventType: 'source_debugger.raw_viewed' }),
      async () => PHI,
    );
    expect(data).toEqual(PHI);
    // Visible from another connection: committed, not pending in some transaction.
    const rows = await t.raw.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AuditLog" WHERE "eventType" = 'source_debugger.raw_viewed'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it.each([
    ['a fast read', async () => PHI],
    ['a slow read', () => new Promise<typeof PHI>((r) => setTimeout(() => r(PHI), 200))],
    [
      'a read that fails too',
      async (): Promise<typeof PHI> => {
        throw new Error('read failed');
      },
    ],
  ])('throws audit_unavailable and no data for %s when the audit insert fails', async (_n, read) => {
    await breakAudit();
    const before = await t.prisma.auditLog.count();
    await expectAuditUnavailable(auditedRead(t.prisma, entry(workspaceId), read));
    expect(await t.prisma.auditLog.count()).toBe(before);
  });

  it('fails closed when the append function is missing', async () => {
    await t.raw.exec('ALTER FUNCTION audit_append RENAME TO audit_append_gone');
    try {
      await expectAuditUnavailable(auditedRead(t.prisma, entry(workspaceId), async () => PHI));
    } finally {
      await t.raw.exec('ALTER FUNCTION audit_append_gone RENAME TO audit_append');
    }
  });
});

describe('audited update is one transaction', () => {
  const rename = (name: string) =>
    auditedChange(
      entry(workspaceId),
      'workspace.renamed',
      async (tx, audit) => {
        const before = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
        const after = await tx.workspace.update({ where: { id: workspaceId }, data: { name } });
        audit.diff({ target: { type: 'workspace', id: workspaceId }, before, after, fields: ['name'] });
        return after;
      },
      { db: t.prisma },
    );

  it('rolls the change back when the audit row cannot be written', async () => {
    await breakAudit();
    await expectAuditUnavailable(rename('Changed'));
    expect((await t.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).name).toBe('Before');
  });

  it('commits the change and its audit row together', async () => {
    const w = await rename('After');
    expect(w.name).toBe('After');
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { eventType: 'workspace.renamed' } });
    expect(row.changes).toEqual({ before: { name: 'Before' }, after: { name: 'After' } });
  });

  it('writes nothing when nothing changed', async () => {
    const before = await t.prisma.auditLog.count();
    const same = await auditedChange(
      entry(workspaceId),
      'workspace.renamed',
      async (tx, audit) => {
        const w = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
        audit.diff({ target: { type: 'workspace', id: workspaceId }, before: w, after: { ...w }, fields: ['name'] });
        return 'same';
      },
      { db: t.prisma },
    );
    expect(same).toBe('same');
    expect(await t.prisma.auditLog.count()).toBe(before);
  });

  it('recordAudit itself reports audit_unavailable', async () => {
    await breakAudit();
    await expectAuditUnavailable(recordAudit(t.prisma, entry(workspaceId)));
  });
});
