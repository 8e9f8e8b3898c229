// Open-loop load at a fixed request rate, for latency percentiles that mean what
// they say. Requests are scheduled every 1/rate seconds whatever the server does,
// and each latency is measured from its *scheduled* time, so a stalled server
// shows up in the numbers instead of silently slowing the generator (coordinated
// omission). autocannon's overallRate is not used for this: it sends each second's
// quota per connection in a burst at the start of the second, and its
// coordinated-omission correction assumes a 1 ms interval, which inflates percentiles.
import http from 'node:http';

export interface OpenLoopResult {
  sent: number;
  statuses: Map<string, number>;
  latencies: number[];
  seconds: number;
}

export async function openLoop(opts: {
  url: string;
  rate: number;
  seconds: number;
  headers: Record<string, string>;
  body: (n: number) => string;
  maxSockets?: number;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 128 });
  const target = new URL(opts.url);
  const statuses = new Map<string, number>();
  const latencies: number[] = [];
  const interval = 1000 / opts.rate;
  const total = Math.round(opts.rate * opts.seconds);
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  const fire = (n: number, scheduled: number) => {
    const body = opts.body(n);
    const p = new Promise<void>((resolve) => {
      const done = (key: string) => {
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        latencies.push(performance.now() - scheduled);
        resolve();
      };
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          res.resume();
          res.on('end', () => done(String(res.statusCode)));
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => done('error'));
      req.end(body);
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };
  let n = 0;
  while (n < total) {
    const now = performance.now() - start;
    // Catch up on every request whose time has come (timers are coarse under load).
    while (n < total && n * interval <= now) {
      fire(n, start + n * interval);
      n++;
    }
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Math.min(interval, n * interval - (performance.now() - start)))),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { sent: total, statuses, latencies, seconds: (performance.now() - start) / 1000 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
