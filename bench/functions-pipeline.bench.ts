/**
 * End to end through a Destination Function: `npm run bench:functions-pipeline`
 *
 * Ingest → outbox → worker → sandbox → fetch through the SSRF guard → a local sink,
 * on the production build (`npm start` as shipped) against Postgres, next to a
 * built-in webhook destination measured the same way in the same run:
 *   1. "Webhook": the built-in sender, one POST per event;
 *   2. "Function": the recipe template ("Remove PHI before a non-BAA destination":
 *      deletes names, HMACs the email, one fetch POST per event).
 * N events (default 20,000) go in through /v1/batch (100 per request, 8 connections);
 * the clock stops when the sink (its own process, dedup by messageId) has every event.
 * Target: the function's rate >= 0.85 x the webhook's. Exits 1 below it or when
 * anything is lost. Options (env): FUNCTIONS_PIPELINE_EVENTS.
 */
import { randomUUID } from 'node:crypto';
import { getDb } from '../lib/server/db';
import { findFunctionTemplate } from '../lib/functions/templates';
import { checkFunctionCode } from '../lib/server/functions/sandbox';
import { basic, seedDestination, seedSource, type SeededSource } from '../tests/support/pipeline';
import {
  BASE,
  batchBody,
  CpuMeter,
  ensureBuild,
  fmt,
  freshDatabase,
  loadAverage,
  sleep,
  SINK,
  startServer,
  startSinkProcess,
  postBatches,
} from './support/env';

const TARGET_RATIO = 0.85;
const BATCH = 100;
const EVENTS = Number(process.env.FUNCTIONS_PIPELINE_EVENTS ?? 20_000);

type Kind = 'webhook' | 'function';

async function connectRecipe(src: SeededSource, url: string): Promise<void> {
  const t = findFunctionTemplate('remove-phi-non-baa')!;
  const check = await checkFunctionCode(t.code);
  if (!check.ok) throw new Error('the recipe template does not compile');
  const db = await getDb();
  const fn = await db.userFunction.create({
    data: { workspaceId: src.workspaceId, kind: 'destination', name: 'Recipe' },
  });
  const v = await db.userFunctionVersion.create({
    data: {
      workspaceId: src.workspaceId,
      functionId: fn.id,
      number: 1,
      code: t.code,
      settingsSchema: t.settings as object[],
      handlers: check.handlers,
    },
  });
  await db.userFunction.update({ where: { id: fn.id }, data: { deployedVersionId: v.id, deployedAt: new Date() } });
  const d = await seedDestination(src, {
    catalogId: 'function',
    name: 'Recipe destination',
    settings: { endpoint: url },
    secrets: { secret: 'bench-hmac-secret' },
  });
  await db.destination.update({ where: { id: d.id }, data: { functionId: fn.id } });
}

async function run(
  kind: Kind,
  sink: Awaited<ReturnType<typeof startSinkProcess>>,
): Promise<{ rate: number; lost: number; cpuPerK: number }> {
  const url = await freshDatabase(`fn_${kind}`);
  const src = await seedSource();
  const tag = randomUUID().slice(0, 6);
  const path = `/${tag}/${kind}`;
  if (kind === 'webhook') {
    await seedDestination(src, {
      name: 'Webhook',
      settings: { url: `${SINK}${path}` },
      secrets: { sharedSecret: 'bench-1' },
    });
  } else await connectRecipe(src, `${SINK}${path}`);
  const server = await startServer(url);
  const delivered = async () => (await sink.stats()).paths[path] ?? 0;
  const send = (runId: string, from: number) =>
    fetch(`${BASE}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basic(src.writeKey), 'content-type': 'application/json' },
      body: batchBody(runId, from, BATCH),
    });
  try {
    for (let i = 0; i < 20; i++) await send(`w${tag}`, i * BATCH);
    for (let i = 0; i < 600 && (await delivered()) < 2_000; i++) await sleep(100);
    const base = await delivered();
    const runId = `r${tag}`;
    const cpu = new CpuMeter(() => server.pids(), `pipe_fn_${kind}`);
    await cpu.begin();
    const t0 = performance.now();
    await postBatches({ writeKey: src.writeKey, runId, size: BATCH, connections: 8, amount: EVENTS / BATCH });
    const deadline = Date.now() + 10 * 60_000;
    while ((await delivered()) - base < EVENTS && Date.now() < deadline) await sleep(50);
    const seconds = (performance.now() - t0) / 1000;
    const used = await cpu.end();
    const got = (await delivered()) - base;
    const db = await getDb();
    const bad = await db.delivery.count({ where: { status: { in: ['failed', 'dead'] } } });
    const rate = got / seconds;
    const cpuPerK = ((used.node + used.postgres) * 1e6) / got;
    console.log(
      `  ${kind === 'webhook' ? 'built-in webhook  ' : 'Destination Function'}: ${fmt(got)} events in ${seconds.toFixed(1)} s → ${fmt(rate)} events/s; failed/dead ${bad}; CPU per 1,000 events ${cpuPerK.toFixed(0)} ms (load ${loadAverage()})`,
    );
    return { rate, lost: EVENTS - got + bad, cpuPerK };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  ensureBuild();
  const sink = await startSinkProcess();
  try {
    console.log(`End to end, ${fmt(EVENTS)} events each, one destination, sink on ${SINK} (npm start as shipped):`);
    const webhook = await run('webhook', sink);
    const fn = await run('function', sink);
    const ratio = fn.rate / webhook.rate;
    console.log(
      `\n  ratio: the Destination Function delivers at ${ratio.toFixed(2)}x the built-in webhook's rate (target >= ${TARGET_RATIO}); CPU per event ${(fn.cpuPerK / webhook.cpuPerK).toFixed(2)}x`,
    );
    if (webhook.lost || fn.lost) console.log('FAIL: events were lost or dead-lettered');
    return ratio >= TARGET_RATIO && !webhook.lost && !fn.lost ? 0 : 1;
  } finally {
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
