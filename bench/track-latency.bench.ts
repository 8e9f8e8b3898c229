/**
 * Single-event latency: `npm run bench:track-latency`
 *
 * POST /v1/track, one ~900-byte event per request, at a fixed 500 requests/s for
 * 30 s (autocannon overallRate, 50 connections) on the production build as `npm
 * start` runs it (delivery worker on, one webhook destination to a local sink), so
 * every acknowledged event is also being delivered meanwhile. Postgres database
 * pipe_latency, recreated each run. Server RSS is sampled every 250 ms throughout.
 *
 * Targets (issue #8): p99 < 50 ms at 500 req/s; server RSS < 500 MB. Exits 1 otherwise.
 * Options (env): LATENCY_RATE (default 500), LATENCY_SECONDS (default 30).
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { getDb } from '../lib/server/db';
import { basic, seedDestination, seedSource } from '../tests/support/pipeline';
import { BASE, CpuMeter, ensureBuild, eventJson, fmt, freshDatabase, loadAverage, sampleRss, sleep, SINK, startServer, startSinkProcess } from './support/env';

const RATE = Number(process.env.LATENCY_RATE ?? 500);
const SECONDS = Number(process.env.LATENCY_SECONDS ?? 30);
const P99_TARGET_MS = 50;
const RSS_TARGET_MB = 500;

async function main(): Promise<number> {
  ensureBuild();
  const url = await freshDatabase('latency');
  const src = await seedSource();
  await seedDestination(src, { name: 'Hook', settings: { url: `${SINK}/latency` }, secrets: { sharedSecret: 'latency-secret' } });
  const sink = await startSinkProcess();
  const server = await startServer(url);
  const rss = sampleRss({ server: server.pids });
  const runId = randomUUID().slice(0, 8);
  let n = 0;
  const opts = { url: BASE, method: 'POST' as const, headers: { authorization: basic(src.writeKey), 'content-type': 'application/json' } };
  try {
    // Warm-up at the same rate, not measured.
    await autocannon({ ...opts, connections: 50, overallRate: RATE, duration: 5, requests: [{ path: '/v1/track', setupRequest: (r) => ({ ...r, body: eventJson(`w${runId}`, n++) }) }] });
    await sleep(1000);
    console.log(`Track latency: ${RATE} req/s for ${SECONDS} s, 50 connections, worker on, load average ${loadAverage()}`);
    const cpu = new CpuMeter(server.pids, 'pipe_latency');
    await cpu.begin();
    const r = await autocannon({
      ...opts, connections: 50, overallRate: RATE, duration: SECONDS,
      requests: [{ path: '/v1/track', setupRequest: (req) => ({ ...req, body: eventJson(runId, n++) }) }],
    });
    rss.stop();
    const used = await cpu.end();
    await sleep(2000);
    const db = await getDb();
    const stored = await db.event.count({ where: { sourceId: src.sourceId, messageId: { startsWith: `${runId}-` } } });
    const delivered = (await sink.stats()).paths['/latency'] ?? 0;
    const achieved = r.requests.total / SECONDS;
    console.log(`\nRequests: ${fmt(r.requests.total)} (${fmt(achieved)}/s achieved), ${fmt(r['2xx'])} x 200, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    console.log(`Latency: p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
    console.log(`Stored ${fmt(stored)} of ${fmt(r['2xx'])} acknowledged; sink has ${fmt(delivered)} (incl. warm-up)`);
    console.log(`Server RSS peak: ${fmt(rss.peak.server!)} MB; load average after: ${loadAverage()}`);
    console.log(`CPU per request (ingest + its delivery): web server ${((used.node * 1000) / r.requests.total).toFixed(2)} ms, Postgres backends ${((used.postgres * 1000) / r.requests.total).toFixed(2)} ms`);
    console.log(`\np99 ${r.latency.p99} ms vs target ${P99_TARGET_MS} ms: ${(r.latency.p99 / P99_TARGET_MS).toFixed(2)}x of the budget`);
    console.log(`RSS ${fmt(rss.peak.server!)} MB vs ${RSS_TARGET_MB} MB: ${(rss.peak.server! / RSS_TARGET_MB).toFixed(2)}x of the budget`);
    const ok = r.latency.p99 < P99_TARGET_MS && rss.peak.server! < RSS_TARGET_MB && stored >= r['2xx'] && achieved >= RATE * 0.95;
    return ok ? 0 : 1;
  } finally {
    rss.stop();
    await server.stop();
    await sink.stop();
  }
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(1); });
