// A real, migrated, throwaway database for one test file.
//   - DATABASE_URL unset: an in-memory PGlite (fast, no server needed).
//   - DATABASE_URL set: a fresh database on that server (CREATE DATABASE, migrate,
//     DROP ... WITH (FORCE) on close), so concurrency is real and files never
//     share state. The name prefix comes from TEST_DB_PREFIX (default "test_").
// Like createDb, it registers the client's direct audit writer (writer.ts).
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { applyMigrations } from '@/lib/db/migrate';
import { openRaw, wrapPglite, type RawDb } from '@/lib/db/raw';

import { pgDirectSql, registerDirectSql } from '@/lib/server/db';

export interface TestDb {
  prisma: PrismaClient;
  /** Separate raw handle (superuser) for setup and inspection that Prisma cannot do. */
  raw: RawDb;
  /** 'pglite' or 'postgres', for tests that only mean something on one of them. */
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const MIGRATIONS = path.resolve(__dirname, '../../prisma/migrations');

export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL?.trim();
  return url ? createPostgres(url) : createPglite();
}

async function createPglite(): Promise<TestDb> {
  const db = new PGlite();
  await db.waitReady;
  const raw = wrapPglite(db, false);
  await applyMigrations(raw, MIGRATIONS);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  registerDirectSql(prisma, async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
  return {
    prisma,
    raw,
    kind: 'pglite',
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

async function createPostgres(serverUrl: string): Promise<TestDb> {
  const prefix = (process.env.TEST_DB_PREFIX ?? 'test_').replace(/[^a-z0-9_]/gi, '');
  const name = `${prefix}${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = await openRaw({ kind: 'postgres', url: serverUrl });
  try {
    await admin.exec(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const raw = await openRaw({ kind: 'postgres', url });
  await applyMigrations(raw, MIGRATIONS);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  registerDirectSql(prisma, pgDirectSql(pool));
  return {
    prisma,
    raw,
    kind: 'postgres',
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await raw.close().catch(() => {});
      const drop = await openRaw({ kind: 'postgres', url: serverUrl });
      try {
        await drop.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await drop.close();
      }
    },
  };
}
