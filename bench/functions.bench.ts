/**
 * Functions runtime: `npx tsx --conditions=react-server bench/functions.bench.ts`
 *
 * 1. Throughput of the recipe transform (Segment's "non-BAA destination" recipe without its
 *    fetch: delete first_name and last_name, HMAC-SHA256 the email, return the event) on one
 *    pooled runtime, three ways, measured in the same run with their rounds interleaved:
 *      - batch: runMany with the batch size the delivery worker hands a sender (default 100):
 *        what the delivery pipeline runs. The target applies to this figure;
 *      - single: runFunction, one event per call (the Test panel's path), for reference;
 *      - Node, direct: the same JavaScript compiled by V8 with node:crypto, the event copied
 *        through JSON each time (as the sandbox must), for the ratio.
 *    Two event shapes: the recipe's event (~260 bytes: the envelope plus the patient fields it
 *    names; the target applies to this one) and a full analytics.js track event with context
 *    (~670 bytes), for reference: the JSON copy in and out of the sandbox grows with the event.
 *    Rate = events per CPU-second of this process (user + system, GC threads included), i.e. per
 *    core, so other load on a shared machine distorts it less; the wall-clock rate is printed beside it.
 *    Target: >= 20,000 events per CPU-second on the batch path.
 * 2. Pool memory: RSS with 20 distinct deployed functions warmed (one runtime each), minus the
 *    RSS before the first runtime existed. Target: < 150 MB.
 * Exits 1 when either target is missed.
 * Options (env): FUNCTIONS_BENCH_EVENTS (events per round, default 10000), FUNCTIONS_BENCH_ROUNDS
 * (default 9: many short interleaved rounds sample a shared machine's changing load better than a
 * few long ones), FUNCTIONS_BENCH_BATCH (events per runMany call, default 100).
 */
import crypto from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import {
  clearSandboxPool,
  runFunction,
  runMany,
  sandboxPoolStats,
  type RunInput,
  type RunResult,
} from '../lib/server/functions/sandbox';

const TARGET_RATE = 20_000;
const TARGET_POOL_MB = 150;
const EVENTS = Number(process.env.FUNCTIONS_BENCH_EVENTS ?? 10_000);
const ROUNDS = Number(process.env.FUNCTIONS_BENCH_ROUNDS ?? 9);
const BATCH = Number(process.env.FUNCTIONS_BENCH_BATCH ?? 100);
const DISTINCT_FUNCTIONS = 20;

const RECIPE = `async function onTrack(event, settings) {
  delete event.properties.first_name;
  delete event.properties.last_name;
  event.properties.email = crypto
    .createHmac(settings.algorithm, settings.secret)
    .update(event.properties.email)
    .digest(settings.digest);
  return event;
}
`;

const SETTINGS = { algorithm: 'sha256', secret: 'bench-hmac-secret', digest: 'hex' };

/** The recipe's event: a track call carrying the patient fields the recipe removes and hashes. */
function recipeEvent(i: number): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Provider Search',
    messageId: `msg-${100000 + i}`,
    userId: `user-${i}`,
    timestamp: '2024-05-01T12:00:00.000Z',
    properties: {
      first_name: 'Ada',
      last_name: `Lovelace${i}`,
      email: `patient${i}@example.com`,
      specialty: 'cardiology',
      location: 'Boston, MA',
    },
  };
}

/** The same call as analytics.js sends it, with its context. */
function fullEvent(i: number): Record<string, unknown> {
  const e = recipeEvent(i);
  return {
    ...e,
    anonymousId: `anon-${i}`,
    context: {
      ip: '203.0.113.9',
      locale: 'en-US',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15',
      library: { name: 'analytics.js', version: '5.2.0' },
      page: {
        path: '/search',
        referrer: 'https://www.google.com/',
        title: 'Find a provider',
        url: 'https://clinic.example.com/search',
      },
    },
    properties: {
      ...(e.properties as object),
      patientId: `p-${i}`,
      radiusMiles: 25,
      insurance: 'PPO Gold',
      isNewPatient: i % 2 === 0,
    },
  };
}

interface Round {
  cpuRate: number;
  wallRate: number;
}

/** Runs `events` through `run`, `size` at a time (each call gets a slice), and rates it. */
async function measure(
  run: (events: Record<string, unknown>[]) => Promise<unknown>,
  events: Record<string, unknown>[],
  size: number,
): Promise<Round> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += size) await run(events.slice(i, i + size));
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuRate: events.length / ((used.user + used.system) / 1e6), wallRate: events.length / wall };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => bytes / (1024 * 1024);

function checkRecipe(r: RunResult | undefined, email: string): void {
  const expected = crypto.createHmac('sha256', SETTINGS.secret).update(email).digest('hex');
  const props = (r?.returned as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (r?.outcome !== 'ok' || props?.email !== expected || 'first_name' in props) {
    throw new Error(`The recipe did not run correctly in the sandbox: ${JSON.stringify(r)}`);
  }
}

interface Figures {
  batch: number;
  single: number;
  node: number;
}

async function throughput(label: string, makeEvent: (i: number) => Record<string, unknown>): Promise<Figures> {
  const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
  const input: Omit<RunInput, 'event'> = {
    versionId: 'bench-recipe',
    code: RECIPE,
    kind: 'destination',
    instanceKey: 'bench',
    settings: SETTINGS,
  };

  checkRecipe(await runFunction({ ...input, event: makeEvent(0) }), 'patient0@example.com');
  const firstBatch = await runMany(input, [makeEvent(0), makeEvent(1)]);
  checkRecipe(firstBatch[0], 'patient0@example.com');
  checkRecipe(firstBatch[1], 'patient1@example.com');

  const batch = async (slice: Record<string, unknown>[]) => {
    const results = await runMany(input, slice);
    for (const r of results) if (r.outcome !== 'ok') throw new Error(`${r.outcome}: ${r.message}`);
  };
  const single = async (slice: Record<string, unknown>[]) => {
    for (const event of slice) {
      const r = await runFunction({
        versionId: input.versionId,
        code: input.code,
        kind: input.kind,
        instanceKey: input.instanceKey,
        settings: input.settings,
        event,
      });
      if (r.outcome !== 'ok') throw new Error(`${r.outcome}: ${r.message}`);
    }
  };
  // The same source, compiled by V8 with Node's own crypto.
  const onTrack = new Function('crypto', `${RECIPE}\nreturn onTrack;`)(crypto) as (
    e: unknown,
    s: unknown,
  ) => Promise<unknown>;
  const node = async (slice: Record<string, unknown>[]) => {
    for (const event of slice) await onTrack(JSON.parse(JSON.stringify(event)), SETTINGS);
  };

  const warm = events.slice(0, 5_000);
  await measure(batch, warm, BATCH);
  await measure(single, warm, 1);
  await measure(node, warm, BATCH);
  const rounds: Record<keyof Figures, Round[]> = { batch: [], single: [], node: [] };
  for (let r = 0; r < ROUNDS; r++) {
    rounds.batch.push(await measure(batch, events, BATCH));
    rounds.single.push(await measure(single, events, 1));
    rounds.node.push(await measure(node, events, BATCH));
  }
  const cpu = (k: keyof Figures) => median(rounds[k].map((x) => x.cpuRate));
  const wall = (k: keyof Figures) => median(rounds[k].map((x) => x.wallRate));
  const best = (k: keyof Figures) => Math.max(...rounds[k].map((x) => x.cpuRate));
  const bytes = JSON.stringify(makeEvent(0)).length;
  const us = (rate: number) => `${(1e6 / rate).toFixed(1)} µs`;
  console.log(
    `Recipe transform, ${label} (${bytes} bytes of JSON), ${ROUNDS} rounds of ${fmt(EVENTS)} events (medians, per CPU-second = per core):`,
  );
  const line = (name: string, k: keyof Figures) =>
    console.log(
      `  ${name.padEnd(26)}${fmt(cpu(k)).padStart(8)} events/CPU-s  ${fmt(wall(k)).padStart(8)} events/s wall  (${us(cpu(k))} CPU/event; best round ${fmt(best(k))})`,
    );
  line(`sandbox, batch of ${BATCH}:`, 'batch');
  line('sandbox, single call:', 'single');
  line('Node, direct:', 'node');
  console.log(
    `  ratio:                    Node is ${(cpu('node') / cpu('batch')).toFixed(1)}x the batch path, ${(cpu('node') / cpu('single')).toFixed(1)}x a single call (per CPU-second)`,
  );
  return { batch: cpu('batch'), single: cpu('single'), node: cpu('node') };
}

async function poolMemory(): Promise<number> {
  clearSandboxPool();
  await new Promise((r) => setTimeout(r, 200));
  const baseline = process.memoryUsage().rss;
  for (let f = 0; f < DISTINCT_FUNCTIONS; f++) {
    // Distinct code and version per function: nothing is shared between them but the compiled WASM module.
    const code = `${RECIPE}\nconst FUNCTION_NUMBER = ${f};\nfunction onIdentify(event) { return { n: FUNCTION_NUMBER, traits: event.traits }; }\n`;
    const input = {
      versionId: `bench-fn-${f}`,
      code,
      kind: 'destination' as const,
      instanceKey: `instance-${f}`,
      settings: SETTINGS,
    };
    // Warmed as the worker and the Test panel use it: a batch, then single calls.
    const batch = await runMany(
      input,
      Array.from({ length: 200 }, (_, i) => recipeEvent(i)),
    );
    for (const r of batch) if (r.outcome !== 'ok') throw new Error(`function ${f}: ${r.outcome} ${r.message}`);
    for (let i = 0; i < 20; i++) {
      const r = await runFunction({ ...input, event: recipeEvent(i) });
      if (r.outcome !== 'ok') throw new Error(`function ${f}: ${r.outcome} ${r.message}`);
    }
  }
  await new Promise((r) => setTimeout(r, 200));
  const delta = mb(process.memoryUsage().rss - baseline);
  const stats = sandboxPoolStats();
  console.log(
    `Pool memory: ${DISTINCT_FUNCTIONS} functions warmed, ${stats.runtimes} runtimes: +${delta.toFixed(1)} MB RSS over the baseline`,
  );
  console.log(
    `  (${(delta / DISTINCT_FUNCTIONS).toFixed(2)} MB per function; target < ${TARGET_POOL_MB} MB: ${delta < TARGET_POOL_MB ? 'met' : 'MISSED'})`,
  );
  return delta;
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'silent';
  console.log(
    `Load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  // Pool memory first, from a process that has not yet created any runtime.
  const memory = await poolMemory();
  const { batch } = await throughput("the recipe's event", recipeEvent);
  console.log(
    `  target:                   >= ${fmt(TARGET_RATE)} events per CPU-second on the batch path: ${batch >= TARGET_RATE ? 'met' : 'MISSED'}`,
  );
  await throughput('a full track event with context', fullEvent);
  clearSandboxPool();
  if (batch < TARGET_RATE || memory >= TARGET_POOL_MB) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
