// Which database this process talks to. One rule everywhere (server, scripts,
// tests): DATABASE_URL means a real PostgreSQL server; without it we use the
// embedded PGlite kept under ./.data (or PGLITE_DIR).
import path from 'node:path';

export type DbTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export function dbTarget(env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  return {
    kind: 'pglite',
    dir: path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR ?? path.join(process.cwd(), '.data', 'pglite')),
  };
}

export function describeTarget(t: DbTarget): string {
  if (t.kind === 'pglite') return `embedded PostgreSQL (PGlite) at ${t.dir}`;
  const u = new URL(t.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
