import 'server-only';

// Worker tuning, from the environment (read once per worker start).
export interface WorkerConfig {
  /** Concurrent claim → send → finish loops per process. */
  lanes: number;
  /** Deliveries claimed per loop iteration. */
  batchSize: number;
  /** Requests in flight per lane. */
  concurrency: number;
  /** Idle poll interval; ingest in the same process wakes the worker earlier. */
  pollMs: number;
  /** A claimed row is re-claimable after this long (crash recovery); must exceed any send timeout. */
  lockSeconds: number;
  /** Retries stop (status dead) once a delivery is this old... */
  maxAgeMs: number;
  /** ...or has been attempted this many times. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest Retry-After we honour; beyond it we still retry at this delay. */
  maxRetryAfterMs: number;
  /**
   * Keep the sent payload on every delivery ('all'), or only on those that were not
   * delivered ('failures', the default): another full copy of every event is another
   * PHI store (data minimisation), and it roughly doubled the database's write volume.
   */
  storePayload: 'all' | 'failures';
}

/**
 * 'server': the worker inside the web server (npm start). It shares the process with
 * the console and the tracking API, so it defaults to a lighter footprint (keeps the
 * server well under 500 MB RSS at full ingest). 'thread': a worker thread of npm start
 * (scripts/delivery-thread.mjs), same footprint. 'process': a dedicated `npm run worker`.
 */
export type WorkerHost = 'server' | 'thread' | 'process';

function num(name: string, def: number, min: number, max: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && process.env[name] !== '' && process.env[name] !== undefined
    ? Math.min(max, Math.max(min, v))
    : def;
}

export function workerConfig(host: WorkerHost = 'process'): WorkerConfig {
  return {
    lanes: num('WORKER_LANES', host === 'process' ? 4 : 2, 1, 32),
    batchSize: num('WORKER_BATCH', host === 'process' ? 500 : 200, 1, 2000),
    concurrency: num('WORKER_CONCURRENCY', 64, 1, 1000),
    pollMs: num('WORKER_POLL_MS', 250, 10, 60_000),
    lockSeconds: num('DELIVERY_LOCK_SECONDS', 60, 5, 3600),
    // Segment retries for up to 4 hours.
    maxAgeMs: num('DELIVERY_MAX_AGE_MS', 4 * 3600 * 1000, 1000, 30 * 24 * 3600 * 1000),
    maxAttempts: num('DELIVERY_MAX_ATTEMPTS', 25, 1, 1000),
    backoffBaseMs: num('DELIVERY_BACKOFF_BASE_MS', 1000, 1, 3600 * 1000),
    backoffMaxMs: num('DELIVERY_BACKOFF_MAX_MS', 10 * 60 * 1000, 1, 24 * 3600 * 1000),
    maxRetryAfterMs: num('DELIVERY_MAX_RETRY_AFTER_MS', 3600 * 1000, 0, 24 * 3600 * 1000),
    storePayload: process.env.DELIVERY_STORE_PAYLOAD === 'all' ? 'all' : 'failures',
  };
}
