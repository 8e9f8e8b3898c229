/**
 * Ingest throughput: `npm run bench:ingest`
 *
 * Events/s accepted AND durably stored through POST /v1/batch (100 events per
 * request, ~900 bytes each) on the production build (`next start`, .next-pipe,
 * 127.0.0.1:3420) against Postgres 127.0.0.1:5432 (database pipe_ingest, recreated
 * each run). Each stored event also gets its two outbox (Delivery) rows in the same
 * statement, as in production; the delivery worker is off so only ingest is measured.
 * Durability is checked, not assumed: after the run the database must hold exactly
 * 100 x (requests answered 200) events.
 *
 * Target: >= 5,000 events/s. Reference: RudderStack documents 1,700
 * events/s end to end on a 2-core m5.large. Exits 1 below target.
 * Options (env): INGEST_SECONDS (default 20), INGEST_CONNECTIONS (default 8).
 */
import { randomUUID } from 'node:crypto';
import { getDb } from '../lib/server/db';
import { seedDestination, seedSource } from '../tests/support/pipeline';
import { basic } from '../tests/support/pipeline';
import {
  BASE,
  batchBody,
  CpuMeter,
  ensureBuild,
  fmt,
  freshDatabase,
  loadAverage,
  sampleRss,
  startServer,
  postBatches,
} from './support/env';

const TARGET = 5_000;
const RUDDERSTACK = 1_700;
const BATCH = 100;
const SECONDS = Number(process.env.INGEST_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.INGEST_CONNECTIONS ?? 8);

async function main(): Promise<number> {
  ensureBuild();
  const url = await freshDatabase('ingest');
  const src = await seedSource();
  await seedDestination(src, { name: 'Hook A', settings: { url: 'http://127.0.0.1:3421/a' } });
  await seedDestination(src, { name: 'Hook B', settings: { url: 'http://127.0.0.1:3421/b' } });
  const server = await startServer(url, { WORKER_ENABLED: 'false' });
  const rss = sampleRss({ server: server.pids });
  const runId = randomUUID().slice(0, 8);
  try {
    // Warm-up: JIT, connection pool, caches.
    for (let i = 0; i < 20; i++) {
      await fetch(`${BASE}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic(src.writeKey), 'content-type': 'application/json' },
        body: batchBody(`warm-${runId}`, i * BATCH, BATCH),
      });
    }
    console.log(
      `Ingest benchmark: ${SECONDS} s, ${CONNECTIONS} connections, ${BATCH} events/request, load average ${loadAverage()}`,
    );
    const cpu = new CpuMeter(server.pids, 'pipe_ingest');
    await cpu.begin();
    const result = await postBatches({
      writeKey: src.writeKey,
      runId,
      size: BATCH,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    rss.stop();
    const used = await cpu.end();
    const ok = result['2xx'];
    const db = await getDb();
    const stored = await db.event.count({ where: { sourceId: src.sourceId, messageId: { startsWith: `${runId}-` } } });
    const outbox = await db.delivery.count({ where: { workspaceId: src.workspaceId } });
    const rate = stored / SECONDS;
    console.log(
      `\nRequests: ${fmt(result.requests.total)} (${fmt(ok)} x 200, ${fmt(result.non2xx)} non-2xx, ${fmt(result.errors)} errors)`,
    );
    console.log(`Latency per 100-event request: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    console.log(`Stored events: ${fmt(stored)} (acknowledged: ${fmt(ok * BATCH)}), outbox rows: ${fmt(outbox)}`);
    console.log(`Server RSS peak: ${fmt(rss.peak.server!)} MB; load average after: ${loadAverage()}`);
    const perK = (s: number) => (s * 1000 * 1000) / stored;
    const ceiling = 2 / ((used.node + used.postgres) / stored);
    console.log(
      `CPU per 1,000 events: web server ${perK(used.node).toFixed(0)} ms, Postgres backends ${perK(used.postgres).toFixed(0)} ms`,
    );
    console.log(`CPU-bound ceiling on 2 dedicated cores (2 / CPU per event): ${fmt(ceiling)} events/s`);
    console.log(`\nIngest: ${fmt(rate)} events/s stored`);
    console.log(`  vs target ${fmt(TARGET)}/s: ${(rate / TARGET).toFixed(2)}x`);
    console.log(`  vs RudderStack's documented ${fmt(RUDDERSTACK)}/s: ${(rate / RUDDERSTACK).toFixed(2)}x`);
    const durable = stored >= ok * BATCH;
    if (!durable) console.log('FAIL: acknowledged and stored counts differ');
    return rate >= TARGET && durable && rss.peak.server! < 500 ? 0 : 1;
  } finally {
    rss.stop();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
