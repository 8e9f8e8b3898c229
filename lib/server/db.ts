import 'server-only';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { dbTarget, type DbTarget } from '@/lib/db/config';
import { log } from '@/lib/server/log';
import { processSingleton, setProcessSingleton } from '@/lib/server/platform/process-singleton';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbHandle {
  prisma: PrismaClient;
  close: () => Promise<void>;
}

/** Runs one SQL statement on a client's own driver, bypassing Prisma. */
export type DirectSqlRunner = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

// A direct line to the driver for standalone audit appends. Why: an audited read
// waits for its audit row, and on a 50-row read Prisma's per-query client
// overhead (~0.3 ms) is a third of the whole read; sending the one
// `SELECT audit_append(...)` straight to the driver keeps the audited read within
// budget. Only top-level clients are registered; an interactive transaction (Tx)
// is never in this map, so appends inside a transaction always go through it and
// commit or roll back with it.
const directRunners = processSingleton('db.direct-runners', () => new WeakMap<object, DirectSqlRunner>());

/** Called where a client is created (createDb, tests' createTestDb) with that client's own pool or connection. */
export function registerDirectSql(client: object, run: DirectSqlRunner): void {
  directRunners.set(client, run);
}

export function directSqlFor(client: object): DirectSqlRunner | undefined {
  return directRunners.get(client);
}

const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `pc_direct_${statementNames.size + 1}`));
  return name;
}

/**
 * The direct runner for a pg pool: a named (server-side prepared) statement, so
 * the audit append is parsed and planned once per connection, not on every read.
 */
export function pgDirectSql(pool: pg.Pool): DirectSqlRunner {
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
    registerDirectSql(prisma, pgDirectSql(pool));
    return {
      prisma,
      close: async () => {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const client = await PGlite.create(target.dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  registerDirectSql(prisma, async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows);
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

// One client per process (PGlite in particular must only be opened once per data directory).
const DB_KEY = 'db.handle';

export function getDb(): Promise<PrismaClient> {
  const handle = processSingleton(DB_KEY, () =>
    createDb(dbTarget()).catch((e: unknown) => {
      setProcessSingleton(DB_KEY, undefined);
      throw e;
    }),
  );
  return handle.then((h) => h.prisma);
}

/** Tests and scripts install their own client (e.g. an in-memory PGlite). */
export function setDbForProcess(handle: DbHandle): void {
  setProcessSingleton(DB_KEY, Promise.resolve(handle));
}
