/**
 * Functions runtime: `npx tsx --conditions=react-server bench/functions.bench.ts`
 *
 * 1. Throughput of the recipe transform (Segment's "non-BAA destination" recipe without its
 *    fetch: delete first_name and last_name, HMAC-SHA256 the email, return the event) through
 *    runFunction on one pooled runtime, one event at a time. Two event shapes:
 *      - the recipe's event (~250 bytes: the envelope plus the patient fields it names); the
 *        target applies to this one;
 *      - a full analytics.js track event with context (~700 bytes), for reference: the JSON
 *        copy in and out of the sandbox grows with the event.
 *    Rate = events per CPU-second of this process (user + system, GC threads included), so other
 *    load on a shared machine does not distort it; the wall-clock rate is printed beside it.
 *    Target: >= 20,000 events/s. The same JavaScript run directly in Node (node:crypto, the event
 *    parsed from JSON each time, as the sandbox must) is measured in the same run, and the
 *    ratio printed.
 * 2. Pool memory: RSS with 20 distinct deployed functions warmed (one runtime each), minus the
 *    RSS before the first runtime existed. Target: < 150 MB.
 * Exits 1 when either target is missed.
 * Options (env): FUNCTIONS_BENCH_EVENTS (events per round, default 20000), FUNCTIONS_BENCH_ROUNDS (default 5).
 */
import crypto from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { clearSandboxPool, runFunction, sandboxPoolStats, type RunInput } from '../lib/server/functions/sandbox';

const TARGET_RATE = 20_000;
const TARGET_POOL_MB = 150;
const EVENTS = Number(process.env.FUNCTIONS_BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.FUNCTIONS_BENCH_ROUNDS ?? 5);
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

async function measure(
  run: (event: Record<string, unknown>) => Promise<unknown>,
  events: Record<string, unknown>[],
): Promise<Round> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const e of events) await run(e);
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

async function throughput(
  label: string,
  makeEvent: (i: number) => Record<string, unknown>,
): Promise<{ sandbox: number; node: number }> {
  const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
  const input: Omit<RunInput, 'event'> = {
    versionId: 'bench-recipe',
    code: RECIPE,
    kind: 'destination',
    instanceKey: 'bench',
    settings: SETTINGS,
  };

  const first = await runFunction({ ...input, event: makeEvent(0) });
  const expected = crypto.createHmac('sha256', SETTINGS.secret).update('patient0@example.com').digest('hex');
  const props = (first.returned as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (first.outcome !== 'ok' || props?.email !== expected || 'first_name' in props) {
    throw new Error(`The recipe did not run correctly in the sandbox: ${JSON.stringify(first)}`);
  }

  const inSandbox = async (event: Record<string, unknown>) => {
    const r = await runFunction({
      versionId: input.versionId,
      code: input.code,
      kind: input.kind,
      instanceKey: input.instanceKey,
      settings: input.settings,
      event,
    });
    if (r.outcome !== 'ok') throw new Error(`${r.outcome}: ${r.message}`);
  };
  // The same source, compiled by V8 with Node's own crypto.
  const onTrack = new Function('crypto', `${RECIPE}\nreturn onTrack;`)(crypto) as (
    e: unknown,
    s: unknown,
  ) => Promise<unknown>;
  const inNode = async (event: Record<string, unknown>) => {
    await onTrack(JSON.parse(JSON.stringify(event)), SETTINGS);
  };

  await measure(inSandbox, events.slice(0, 5_000));
  await measure(inNode, events.slice(0, 5_000));
  const sandboxRounds: Round[] = [];
  const nodeRounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    sandboxRounds.push(await measure(inSandbox, events));
    nodeRounds.push(await measure(inNode, events));
  }
  const sCpu = median(sandboxRounds.map((x) => x.cpuRate));
  const sWall = median(sandboxRounds.map((x) => x.wallRate));
  const nCpu = median(nodeRounds.map((x) => x.cpuRate));
  const nWall = median(nodeRounds.map((x) => x.wallRate));
  const bytes = JSON.stringify(makeEvent(0)).length;
  console.log(
    `Recipe transform, ${label} (${bytes} bytes of JSON), ${ROUNDS} rounds of ${fmt(EVENTS)} events (medians):`,
  );
  console.log(
    `  sandbox:        ${fmt(sCpu)} events/CPU-s  (${fmt(sWall)} events/s wall; best round ${fmt(Math.max(...sandboxRounds.map((x) => x.cpuRate)))} events/CPU-s)`,
  );
  console.log(`  Node, direct:   ${fmt(nCpu)} events/CPU-s  (${fmt(nWall)} events/s wall)`);
  console.log(
    `  ratio:          Node is ${(nCpu / sCpu).toFixed(1)}x the sandbox (${(1e6 / sCpu).toFixed(1)} µs vs ${(1e6 / nCpu).toFixed(1)} µs of CPU per event)`,
  );
  return { sandbox: sCpu, node: nCpu };
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
    for (let i = 0; i < 200; i++) {
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
  const { sandbox } = await throughput("the recipe's event", recipeEvent);
  console.log(`  target:         >= ${fmt(TARGET_RATE)} events/s: ${sandbox >= TARGET_RATE ? 'met' : 'MISSED'}`);
  await throughput('a full track event with context', fullEvent);
  clearSandboxPool();
  if (sandbox < TARGET_RATE || memory >= TARGET_POOL_MB) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
