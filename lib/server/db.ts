import 'server-only';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { dbTarget, type DbTarget } from '@/lib/db/config';
import { log } from '@/lib/server/log';
import { registerAuditWriter, type AuditSqlRunner } from '@/lib/server/audit/writer';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

interface DbHandle { prisma: PrismaClient; close: () => Promise<void> }

// One client per process. Next may evaluate this module more than once (route
// bundles), so the handle lives on globalThis; PGlite in particular must only be
// opened once per data directory.
const g = globalThis as unknown as { __pcDb?: Promise<DbHandle> };

const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `pc_audit_${statementNames.size + 1}`));
  return name;
}

/**
 * The direct audit writer for a pg pool (lib/server/audit/writer.ts). A named
 * (server-side prepared) statement: the append is parsed and planned once per
 * connection instead of on every audited read.
 */
export function pgAuditWriter(pool: pg.Pool): AuditSqlRunner {
  return async (sql, params) => (await pool.query({ name: statementName(sql), text: sql, values: params })).rows;
}

export async function createDb(target: DbTarget): Promise<DbHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: Number(process.env.DB_POOL_MAX ?? 10),
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client's socket dies when Postgres restarts; without this handler
    // the 'error' event would crash the process.
    pool.on('error', (err) => log.warn('db.pool_error', { message: err.message }));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    registerAuditWriter(prisma, pgAuditWriter(pool));
    return { prisma, close: async () => { await prisma.$disconnect(); await pool.end().catch(() => {}); } };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const client = await PGlite.create(target.dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  registerAuditWriter(prisma, async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows);
  return { prisma, close: async () => { await prisma.$disconnect(); await client.close(); } };
}

export function getDb(): Promise<PrismaClient> {
  g.__pcDb ??= createDb(dbTarget()).catch((e) => { g.__pcDb = undefined; throw e; });
  return g.__pcDb.then((h) => h.prisma);
}

/** Tests and scripts install their own client (e.g. an in-memory PGlite). */
export function setDbForProcess(handle: DbHandle): void {
  g.__pcDb = Promise.resolve(handle);
}
