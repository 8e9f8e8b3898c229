import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db';
import { recordAudit } from '@/lib/server/audit/record';
import { verifyAuditChain } from '@/lib/server/audit-log/verify';
import { entry, newWorkspaceId } from './helpers';

let t: TestDb;
let ws: string;
let other: string;
let ids: string[];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

// A fresh chain of 10 rows per test, plus an untouched chain that must stay valid.
beforeEach(async () => {
  ws = newWorkspaceId();
  other = newWorkspaceId();
  ids = [];
  for (let i = 0; i < 10; i++) ids.push((await recordAudit(t.prisma, entry(ws, { targetId: `t${i}` }))).id);
  await recordAudit(t.prisma, entry(other));
});

// What someone with direct database access would do: switch the guard off first.
async function tamper(sql: string, params: unknown[] = []) {
  await t.raw.exec('ALTER TABLE "AuditLog" DISABLE TRIGGER ALL');
  await t.raw.query(sql, params);
  await t.raw.exec('ALTER TABLE "AuditLog" ENABLE TRIGGER ALL');
}

const REHASH = `UPDATE "AuditLog" SET hash = audit_row_hash("prevHash", id, "chainKey", seq, "workspaceId", "actorUserId",
  "actorType"::text, "eventType", "endUserId", "timestamp", ip, "userAgent", "requestId", "targetType", "targetId", changes)
  WHERE "chainKey" = $1 AND seq = $2`;

describe('tamper detection', () => {
  it('reports an edited row at its seq (hash mismatch)', async () => {
    await tamper(`UPDATE "AuditLog" SET "eventType" = 'auth.signed_in' WHERE "chainKey" = $1 AND seq = 5`, [ws]);
    const r = await verifyAuditChain(t.prisma);
    expect(r.ok).toBe(false);
    expect(r.chains.find((c) => c.chainKey === ws)?.firstBroken).toEqual({
      chainKey: ws,
      seq: 5,
      id: ids[4],
      reason: 'hash_mismatch',
    });
    expect(r.chains.find((c) => c.chainKey === other)?.ok).toBe(true);
  });

  it('reports an edited and re-hashed row at the next link (prev mismatch)', async () => {
    await tamper(`UPDATE "AuditLog" SET ip = '10.0.0.1' WHERE "chainKey" = $1 AND seq = 5`, [ws]);
    await tamper(REHASH, [ws, 5]);
    expect((await verifyAuditChain(t.prisma, ws)).firstBroken).toEqual({
      chainKey: ws,
      seq: 6,
      id: ids[5],
      reason: 'prev_mismatch',
    });
  });

  it('reports a deleted row as a gap at the missing seq', async () => {
    await tamper(`DELETE FROM "AuditLog" WHERE "chainKey" = $1 AND seq = 5`, [ws]);
    expect((await verifyAuditChain(t.prisma, ws)).firstBroken).toEqual({
      chainKey: ws,
      seq: 5,
      id: ids[5],
      reason: 'gap',
    });
  });

  it('reports a deleted first row', async () => {
    await tamper(`DELETE FROM "AuditLog" WHERE "chainKey" = $1 AND seq = 1`, [ws]);
    expect((await verifyAuditChain(t.prisma, ws)).firstBroken).toMatchObject({ seq: 1, reason: 'gap' });
  });

  it('reports the newest rows being cut off, using the chain head', async () => {
    await tamper(`DELETE FROM "AuditLog" WHERE "chainKey" = $1 AND seq >= 9`, [ws]);
    expect((await verifyAuditChain(t.prisma, ws)).firstBroken).toEqual({
      chainKey: ws,
      seq: 9,
      id: null,
      reason: 'gap',
    });
  });

  it('reports a rewritten newest row whose hash was recomputed', async () => {
    await tamper(`UPDATE "AuditLog" SET "targetId" = 'other' WHERE "chainKey" = $1 AND seq = 10`, [ws]);
    await tamper(REHASH, [ws, 10]);
    expect((await verifyAuditChain(t.prisma, ws)).firstBroken).toEqual({
      chainKey: ws,
      seq: 10,
      id: ids[9],
      reason: 'head_mismatch',
    });
  });

  it('keeps appending validly after a verification', async () => {
    expect((await verifyAuditChain(t.prisma, ws)).ok).toBe(true);
    await recordAudit(t.prisma, entry(ws));
    expect(await verifyAuditChain(t.prisma, ws)).toMatchObject({ ok: true, checked: 11 });
  });
});
