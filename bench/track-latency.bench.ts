/**
 * Single-event latency: `npm run bench:track-latency`
 *
 * POST /v1/track, one ~900-byte event per request, open loop at a fixed 500
 * requests/s for 30 s (bench/support/open-loop.ts: one request every 2 ms, latency
 * measured from each request's scheduled time, keep-alive connections) on the
 * production build as `npm start` runs it (scripts/server.mjs): delivery workers on (in the server and on a worker thread), one
 * webhook destination to a local sink, so every acknowledged event is also being
 * delivered meanwhile. Postgres database pipe_latency, recreated each run. Server
 * RSS (whole process tree) is sampled every 250 ms throughout.
 *
 * Targets: p99 < 50 ms at 500 req/s; server RSS < 500 MB. Exits 1 otherwise.
 * Options (env): LATENCY_RATE (default 500), LATENCY_SECONDS (default 30).
 */
import { randomUUID } from 'node:crypto';
import { getDb } from '../lib/server/db';
import { basic, seedDestination, seedSource } from '../tests/support/pipeline';
import {
  BASE,
  CpuMeter,
  ensureBuild,
  eventJson,
  fmt,
  freshDatabase,
  loadAverage,
  sampleRss,
  sleep,
  SINK,
  startServer,
  startSinkProcess,
} from './support/env';
import { openLoop, percentile } from './support/open-loop';

const RATE = Number(process.env.LATENCY_RATE ?? 500);
const SECONDS = Number(process.env.LATENCY_SECONDS ?? 30);
const P99_TARGET_MS = 50;
const RSS_TARGET_MB = 500;

async function main(): Promise<number> {
  ensureBuild();
  const url = await freshDatabase('latency');
  const src = await seedSource();
  await seedDestination(src, {
    name: 'Hook',
    settings: { url: `${SINK}/latency` },
    secrets: { sharedSecret: 'latency-secret' },
  });
  const sink = await startSinkProcess();
  const server = await startServer(url, process.env.LATENCY_WORKER === 'off' ? { WORKER_ENABLED: 'false' } : {}).catch(
    async (e: unknown) => {
      await sink.stop();
      throw e;
    },
  );
  const rss = sampleRss({ server: server.pids });
  const runId = randomUUID().slice(0, 8);
  const load = (id: string, seconds: number) =>
    openLoop({
      url: `${BASE}/v1/track`,
      rate: RATE,
      seconds,
      headers: { authorization: basic(src.writeKey), 'content-type': 'application/json' },
      body: (n) => eventJson(id, n),
    });
  try {
    await load(`w${runId}`, 5); // warm-up at the same rate, not measured
    await sleep(1000);
    console.log(`Track latency: open loop ${RATE} req/s for ${SECONDS} s, worker on, load average ${loadAverage()}`);
    const cpu = new CpuMeter(server.pids, 'pipe_latency');
    await cpu.begin();
    const r = await load(runId, SECONDS);
    rss.stop();
    const used = await cpu.end();
    await sleep(2000);
    const ok = r.statuses.get('200') ?? 0;
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const [p50, p90, p99, max] = [
      percentile(sorted, 50),
      percentile(sorted, 90),
      percentile(sorted, 99),
      sorted[sorted.length - 1] ?? NaN,
    ];
    const db = await getDb();
    const stored = await db.event.count({ where: { sourceId: src.sourceId, messageId: { startsWith: `${runId}-` } } });
    const delivered = (await sink.stats()).paths['/latency'] ?? 0;
    console.log(
      `\nRequests: ${fmt(r.sent)} in ${r.seconds.toFixed(1)} s (${fmt(r.sent / r.seconds)}/s); ${[...r.statuses].map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`,
    );
    console.log(
      `Latency (from scheduled send): p50 ${p50.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
    );
    console.log(`Stored ${fmt(stored)} of ${fmt(ok)} acknowledged; sink has ${fmt(delivered)} (incl. warm-up)`);
    console.log(`Server RSS peak: ${fmt(rss.peak.server!)} MB; load average after: ${loadAverage()}`);
    console.log(
      `CPU per request (ingest + its delivery): web server ${((used.node * 1000) / r.sent).toFixed(2)} ms, Postgres backends ${((used.postgres * 1000) / r.sent).toFixed(2)} ms`,
    );
    console.log(
      `\np99 ${p99.toFixed(1)} ms vs target ${P99_TARGET_MS} ms: ${(p99 / P99_TARGET_MS).toFixed(2)}x of the budget`,
    );
    console.log(
      `RSS ${fmt(rss.peak.server!)} MB vs ${RSS_TARGET_MB} MB: ${(rss.peak.server! / RSS_TARGET_MB).toFixed(2)}x of the budget`,
    );
    return p99 < P99_TARGET_MS && rss.peak.server! < RSS_TARGET_MB && stored >= ok && ok === r.sent ? 0 : 1;
  } finally {
    rss.stop();
    await server.stop();
    await sink.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
