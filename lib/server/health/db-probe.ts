import pg from 'pg';
import { processSingleton } from '@/lib/server/platform/process-singleton';

// A tiny, separate connection used only to answer "is the database up?" for the
// proxy. An embedded PGlite lives inside this process, so it is up by definition.
const TTL_MS = 1000;

export async function databaseReachable(): Promise<boolean> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return true;
  const h = processSingleton(
    'db.health',
    (): { pool: pg.Pool; at: number; ok: boolean; inflight?: Promise<boolean> } => {
      const pool = new pg.Pool({
        connectionString: url,
        max: 1,
        connectionTimeoutMillis: 1000,
        idleTimeoutMillis: 10_000,
      });
      pool.on('error', () => {}); // a restart kills the idle socket; the next probe reconnects
      return { pool, at: 0, ok: true };
    },
  );
  if (Date.now() - h.at < TTL_MS) return h.ok;
  h.inflight ??= h.pool
    .query('SELECT 1')
    .then(
      () => true,
      () => false,
    )
    .then((ok) => {
      h.ok = ok;
      h.at = Date.now();
      h.inflight = undefined;
      return ok;
    });
  return h.inflight;
}
