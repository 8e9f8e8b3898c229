// A minimal SQL handle over either pg or PGlite, for the things Prisma does not
// do: running migration files (multi-statement scripts) and test inspection.
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { DbTarget } from './config';

export interface RawDb {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRaw(target: DbTarget): Promise<RawDb> {
  if (target.kind === 'postgres') {
    const client = new pg.Client({ connectionString: target.url });
    client.on('error', () => {}); // surfaced through the failing query instead
    await client.connect();
    return {
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows as T[],
      close: () => client.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(target.dir);
  return wrapPglite(db, true);
}

export function wrapPglite(db: PGlite, owns: boolean): RawDb {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: async () => {
      if (owns) await db.close();
    },
  };
}
