import 'server-only';
import { getDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { workerConfig, type WorkerConfig } from '@/lib/server/delivery/config';
import { processClaimed, type ProcessedBatch } from '@/lib/server/delivery/process';
import { claimDeliveries, finishDeliveries } from '@/lib/server/delivery/queue';
import { waitForWork } from '@/lib/server/delivery/wake';

// The delivery worker: `lanes` independent loops of claim → deliver → record.
// Lanes overlap database round trips with network sends; SKIP LOCKED keeps them
// (and every other worker process sharing the database) on disjoint rows.
// A database outage never kills the loop: it backs off and resumes by itself,
// and anything claimed but not recorded is re-claimed after its lock expires.

export interface WorkerStats {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
  dead: number;
  filtered: number;
  held: number;
  dbErrors: number;
}

function errCode(e: unknown): string {
  const o = e as { code?: string; name?: string } | null;
  return o?.code ?? o?.name ?? 'unknown';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class DeliveryWorker {
  readonly stats: WorkerStats = {
    claimed: 0,
    delivered: 0,
    retried: 0,
    failed: 0,
    dead: 0,
    filtered: 0,
    held: 0,
    dbErrors: 0,
  };
  private readonly abort = new AbortController();
  private lanes: Promise<void>[] = [];

  constructor(readonly cfg: WorkerConfig = workerConfig()) {}

  get running(): boolean {
    return this.lanes.length > 0 && !this.abort.signal.aborted;
  }

  start(): this {
    if (this.lanes.length) return this;
    for (let i = 0; i < this.cfg.lanes; i++) this.lanes.push(this.lane(i));
    return this;
  }

  /** Finishes the batches in hand (they are recorded), then stops. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.lanes);
    this.lanes = [];
  }

  /** Claims and delivers one batch; returns how many rows it claimed (0 = nothing due). */
  async runOnce(): Promise<number> {
    const db = await getDb();
    const rows = await claimDeliveries(db, this.cfg.batchSize, this.cfg.lockSeconds);
    if (rows.length === 0) return 0;
    this.stats.claimed += rows.length;
    const batch = await processClaimed(rows, this.cfg);
    await this.record(batch);
    return rows.length;
  }

  private count(batch: ProcessedBatch): void {
    for (const r of batch.results) {
      if (r.status === 'retrying') this.stats.retried++;
      else this.stats[r.status]++;
    }
  }

  /** Records outcomes, retrying through a short database outage. */
  private async record(batch: ProcessedBatch): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const db = await getDb();
        await finishDeliveries(db, batch.results, batch.attempts);
        this.count(batch);
        return;
      } catch (e) {
        this.stats.dbErrors++;
        // After ~1 minute give up: the rows' locks expire and they are delivered again (at least once).
        if (attempt >= 12) {
          log.error('delivery.record_failed', { rows: batch.results.length, error: errCode(e) });
          return;
        }
        await sleep(Math.min(5000, 250 * 2 ** attempt), new AbortController().signal);
      }
    }
  }

  private async lane(index: number): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const n = await this.runOnce();
        failures = 0;
        if (n === 0) await waitForWork(this.cfg.pollMs + index * 7, signal);
      } catch (e) {
        this.stats.dbErrors++;
        failures++;
        if (failures === 1 || failures % 20 === 0)
          log.warn('delivery.claim_failed', { lane: index, failures, error: errCode(e) });
        await sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)), signal);
      }
    }
  }
}
