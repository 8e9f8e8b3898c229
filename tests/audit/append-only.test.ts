import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { recordAudit } from '@/lib/server/audit/record';
import { entry, newWorkspaceId } from './helpers';

let t: TestDb;
const ws = newWorkspaceId();
beforeAll(async () => {
  t = await createTestDb();
  await recordAudit(t.prisma, entry(ws));
  await recordAudit(t.prisma, entry(ws));
});
afterAll(async () => {
  await t?.close();
});

describe('audit log is append-only in the database', () => {
  it.each([
    ['UPDATE', `UPDATE "AuditLog" SET ip = '1.1.1.1'`],
    ['DELETE', `DELETE FROM "AuditLog"`],
    ['TRUNCATE', `TRUNCATE "AuditLog"`],
  ])('rejects %s', async (op, sql) => {
    await expect(t.raw.exec(sql)).rejects.toThrow(`audit log is append-only: ${op} on "AuditLog" is not allowed`);
    expect(await t.prisma.auditLog.count()).toBe(2);
  });

  it('rejects updates and deletes through Prisma too', async () => {
    await expect(t.prisma.auditLog.updateMany({ data: { ip: 'x' } })).rejects.toThrow(/append-only/);
    await expect(t.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await t.prisma.auditLog.count()).toBe(2);
  });

  it('refuses to delete or truncate a chain head (that would restart the chain)', async () => {
    await expect(t.raw.exec(`DELETE FROM "AuditChainHead"`)).rejects.toThrow(/append-only: DELETE on "AuditChainHead"/);
    await expect(t.raw.exec(`TRUNCATE "AuditChainHead"`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await t.prisma.auditChainHead.count()).toBe(1);
  });
});
