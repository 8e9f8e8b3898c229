import 'server-only';

// Group commit for ingest. Each request still gets its 200 only after the
// statement holding its events has committed, but requests for the same source
// that arrive while earlier statements are running are written together in the
// next one. Under light load every request runs alone (no added latency); under
// heavy load 500 single-event requests/s become a few dozen statements/s, which
// is what keeps commit (fsync) and per-statement costs from dominating.
//
// At most MAX_INFLIGHT statements per source run at once; a statement takes at
// most MAX_ROWS events or MAX_CHARS of JSON. A failed statement fails every request
// in it (a database outage answers them all 503; rows are validated beforehand, so
// one request's data cannot fail another's).
const MAX_INFLIGHT = Number(process.env.INGEST_MAX_INFLIGHT ?? 4);
const MAX_ROWS = Number(process.env.INGEST_COALESCE_ROWS ?? 2000);
const MAX_CHARS = Number(process.env.INGEST_COALESCE_CHARS ?? 2 * 1024 * 1024);

interface Waiter<R> {
  rows: string[];
  chars: number;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}
interface Lane<R> {
  inflight: number;
  queue: Waiter<R>[];
}

export class Coalescer<K, R> {
  private readonly lanes = new Map<string, Lane<R>>();

  /** `write` stores the rows of one or more requests; every request in the batch receives its result. */
  constructor(
    private readonly write: (key: K, rows: string[]) => Promise<R>,
    private readonly id: (key: K) => string,
  ) {}

  submit(key: K, rows: string[]): Promise<R> {
    const k = this.id(key);
    let lane = this.lanes.get(k);
    if (!lane) this.lanes.set(k, (lane = { inflight: 0, queue: [] }));
    const chars = rows.reduce((n, r) => n + r.length, 0);
    const p = new Promise<R>((resolve, reject) => lane!.queue.push({ rows, chars, resolve, reject }));
    this.pump(key, k, lane);
    return p;
  }

  private pump(key: K, k: string, lane: Lane<R>): void {
    while (lane.inflight < MAX_INFLIGHT && lane.queue.length > 0) {
      const batch: Waiter<R>[] = [];
      let rows = 0;
      let chars = 0;
      // Always take at least one request, however large (it passed the request size limit).
      while (lane.queue.length > 0) {
        const next = lane.queue[0]!;
        if (batch.length > 0 && (rows + next.rows.length > MAX_ROWS || chars + next.chars > MAX_CHARS)) break;
        batch.push(lane.queue.shift()!);
        rows += next.rows.length;
        chars += next.chars;
      }
      lane.inflight++;
      const all = batch.length === 1 ? batch[0]!.rows : batch.flatMap((w) => w.rows);
      this.write(key, all)
        .then(
          (r) => {
            for (const w of batch) w.resolve(r);
          },
          (e: unknown) => {
            for (const w of batch) w.reject(e);
          },
        )
        .finally(() => {
          lane.inflight--;
          if (lane.queue.length > 0) this.pump(key, k, lane);
          else if (lane.inflight === 0) this.lanes.delete(k);
        });
    }
  }
}
