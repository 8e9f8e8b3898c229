import { mkdtempSync, mkdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, listMigrations } from '@/lib/db/migrate';
import { wrapPglite } from '@/lib/db/raw';
import { useServerDb } from '@/tests/support/server-db';
import { seedDemo } from '@/lib/server/seed/demo';
import { hashWriteKey } from '@/lib/server/sources/write-keys';
import { verifyPassword } from '@/lib/server/sessions/password';

const MIGRATIONS = path.resolve(__dirname, '../../prisma/migrations');
const temp: string[] = [];
afterEach(() => {
  for (const d of temp.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freshDb() {
  const db = new PGlite();
  await db.waitReady;
  return { db, raw: wrapPglite(db, false) };
}

describe('offline migration runner', () => {
  it('records migrations exactly as Prisma does and is idempotent', async () => {
    const { db, raw } = await freshDb();
    const first = await applyMigrations(raw, MIGRATIONS);
    const files = await listMigrations(MIGRATIONS);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const rows = await raw.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(createHash('sha256').update(files[i].sql).digest('hex'));
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
    const second = await applyMigrations(raw, MIGRATIONS);
    expect(second.applied).toEqual([]);
    await db.close();
  });

  it('rolls a failing migration back completely and refuses edited history', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-'));
    temp.push(dir);
    mkdirSync(path.join(dir, '0001_ok'));
    writeFileSync(path.join(dir, '0001_ok', 'migration.sql'), 'CREATE TABLE a (id int);');
    mkdirSync(path.join(dir, '0002_bad'));
    writeFileSync(path.join(dir, '0002_bad', 'migration.sql'), 'CREATE TABLE b (id int);\nSELECT no_such_function();');
    const { db, raw } = await freshDb();
    await expect(applyMigrations(raw, dir)).rejects.toThrow(/0002_bad failed/);
    const tables = await raw.query<{ t: string }>(
      "SELECT tablename AS t FROM pg_tables WHERE schemaname='public' ORDER BY 1",
    );
    expect(tables.map((r) => r.t)).toEqual(['_prisma_migrations', 'a']); // b rolled back
    rmSync(path.join(dir, '0002_bad'), { recursive: true });
    writeFileSync(path.join(dir, '0001_ok', 'migration.sql'), 'CREATE TABLE a (id bigint);');
    await expect(applyMigrations(raw, dir)).rejects.toThrow(/modified after it was applied/);
    await db.close();
  });

  it('the committed migrations apply to a copy of the folder in order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mig-copy-'));
    temp.push(dir);
    cpSync(MIGRATIONS, dir, { recursive: true });
    const { db, raw } = await freshDb();
    const r = await applyMigrations(raw, dir);
    expect(r.applied.length).toBeGreaterThan(0);
    await db.close();
  });
});

describe('demo seed', () => {
  const ref = useServerDb();

  it('creates both workspaces, one user per role, hashed secrets, and is idempotent', async () => {
    const first = await seedDemo({ password: 'seed-password-123', writeKey: 'SEEDWRITEKEY0000000000000000000a' });
    expect(first.created).toBe(true);
    const prisma = ref.current.prisma;
    expect((await prisma.workspace.findMany({ orderBy: { name: 'asc' } })).map((w) => w.name)).toEqual([
      'Northwind Clinic',
      'Sunshine Health',
    ]);
    const roles = await prisma.membership.findMany({ include: { user: true, workspace: true } });
    expect(roles.map((m) => `${m.user.email}:${m.role}`).sort()).toEqual([
      'compliance@sunshine-health.example:compliance',
      'member@sunshine-health.example:member',
      'owner@northwind-clinic.example:owner',
      'owner@sunshine-health.example:owner',
    ]);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'owner@sunshine-health.example' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, 'seed-password-123')).toBe(true);
    const keys = await prisma.writeKey.findMany();
    expect(keys).toHaveLength(2);
    expect(keys.some((k) => k.keyHash === hashWriteKey('SEEDWRITEKEY0000000000000000000a'))).toBe(true);
    expect(JSON.stringify(keys)).not.toContain('SEEDWRITEKEY0000000000000000000a');

    const counts = async () => [
      await prisma.user.count(),
      await prisma.workspace.count(),
      await prisma.source.count(),
      await prisma.auditLog.count(),
    ];
    const before = await counts();
    const second = await seedDemo({ password: 'another-password', writeKey: 'x' });
    expect(second.created).toBe(false);
    expect(await counts()).toEqual(before);
  });
});
