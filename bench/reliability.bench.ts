/**
 * Reliability runs: `npm run bench:reliability` (about 2 minutes)
 *
 * 1. kill -9 during load: the production server (worker inside) takes batches from
 *    8 concurrent clients; after 6 s it is SIGKILLed (whole process group), restarted
 *    2 s later, and the load continues. Afterwards every event that got a 200 must be
 *    in the database and at the webhook sink (at least once; the sink dedups by
 *    messageId, and re-deliveries after the crash are reported).
 * 2. Postgres "restart" during load: the server reaches Postgres through a TCP proxy
 *    (tests/support/tcp-proxy.ts) that drops every connection and refuses new ones for
 *    5 s. The process must stay up, clients get 503 meanwhile (never 500), nothing
 *    acknowledged is lost, and delivery resumes by itself.
 * 3. A real Postgres restart during load: `pg_ctlcluster <version> main stop -m fast`,
 *    5 s down, `start`; same checks. Runs when this machine's cluster can be controlled
 *    (root, pg_ctlcluster, the database on 127.0.0.1); RELIABILITY_PG_RESTART=0 skips it.
 *    Every client of that cluster is disconnected meanwhile.
 * Databases pipe_rel_kill / pipe_rel_pg / pipe_rel_restart, 127.0.0.1 only. Exits 1 on any loss.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { getDb } from '../lib/server/db';
import { startTcpProxy } from '../tests/support/tcp-proxy';
import { basic, seedDestination, seedSource } from '../tests/support/pipeline';
import {
  BASE,
  ensureBuild,
  eventJson,
  fmt,
  freshDatabase,
  sleep,
  SINK,
  startServer,
  startSinkProcess,
  type Proc,
} from './support/env';

const CLIENTS = 8;
const PER_REQUEST = 20;

interface LoadStats {
  acked: Set<string>;
  statuses: Map<string, number>;
}

/** Closed-loop clients sending batches until `stop` resolves; records which messageIds were acknowledged. */
function runLoad(writeKey: string, runId: string, stop: Promise<void>): { done: Promise<LoadStats> } {
  const acked = new Set<string>();
  const statuses = new Map<string, number>();
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let seq = 0;
  const client = async () => {
    while (!stopped) {
      const ids: string[] = [];
      const parts: string[] = [];
      for (let i = 0; i < PER_REQUEST; i++) {
        const n = seq++;
        ids.push(`${runId}-${n}`);
        parts.push(eventJson(runId, n));
      }
      let key: string;
      try {
        const res = await fetch(`${BASE}/v1/batch`, {
          method: 'POST',
          headers: { authorization: basic(writeKey), 'content-type': 'application/json' },
          body: `{"batch":[${parts.join(',')}]}`,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        key = String(res.status);
        if (res.status === 200) for (const id of ids) acked.add(id);
      } catch {
        key = 'connection error';
        await sleep(50);
      }
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (key !== '200') await sleep(100);
    }
  };
  return { done: Promise.all(Array.from({ length: CLIENTS }, client)).then(() => ({ acked, statuses })) };
}

/** Retries a query of the bench's own pool, whose idle connections a Postgres restart has cut. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 20) throw e;
      await sleep(500);
    }
  }
}

async function verify(
  name: string,
  sourceId: string,
  path: string,
  sink: Awaited<ReturnType<typeof startSinkProcess>>,
  load: LoadStats,
): Promise<boolean> {
  const db = await getDb();
  const deadline = Date.now() + 180_000;
  let active = 0;
  do {
    active = await retrying(() =>
      db.delivery.count({ where: { status: { in: ['pending', 'delivering', 'retrying'] } } }),
    );
    if (active === 0) break;
    await sleep(500);
  } while (Date.now() < deadline);
  const stored = new Set(
    (await retrying(() => db.event.findMany({ where: { sourceId }, select: { messageId: true } }))).map(
      (e) => e.messageId,
    ),
  );
  const delivered = new Set(await sink.ids(path));
  const missingStored = [...load.acked].filter((id) => !stored.has(id));
  const missingDelivered = [...load.acked].filter((id) => !delivered.has(id));
  const stats = await sink.stats();
  console.log(`  statuses: ${[...load.statuses].map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}`);
  console.log(
    `  acknowledged events: ${fmt(load.acked.size)}; stored: ${fmt(stored.size)}; delivered (distinct at sink): ${fmt(delivered.size)}; queue still active: ${active}`,
  );
  console.log(
    `  acknowledged but not stored: ${missingStored.length}; acknowledged but not delivered: ${missingDelivered.length}; sink requests in total: ${fmt(stats.requests)}`,
  );
  const ok =
    missingStored.length === 0 && missingDelivered.length === 0 && load.acked.size > 0 && !load.statuses.has('500');
  console.log(`  ${name}: ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

async function killRun(sink: Awaited<ReturnType<typeof startSinkProcess>>): Promise<boolean> {
  console.log('\n1. kill -9 the server during load, then restart it');
  const url = await freshDatabase('rel_kill');
  const src = await seedSource();
  await seedDestination(src, { settings: { url: `${SINK}/rel/kill` } });
  let server: Proc = await startServer(url, { DELIVERY_LOCK_SECONDS: '15' });
  let release!: () => void;
  const load = runLoad(
    src.writeKey,
    `k${randomUUID().slice(0, 6)}`,
    new Promise<void>((r) => {
      release = r;
    }),
  );
  await sleep(6000);
  server.kill9();
  console.log('  SIGKILL sent to the server process group');
  await sleep(2000);
  server = await startServer(url, { DELIVERY_LOCK_SECONDS: '15' });
  console.log('  restarted');
  await sleep(6000);
  release();
  const stats = await load.done;
  try {
    return await verify('kill -9', src.sourceId, '/rel/kill', sink, stats);
  } finally {
    await server.stop();
  }
}

/** A database outage during load: how to cause it and end it, and which URL the server uses. */
interface Outage {
  title: string;
  name: string;
  db: string;
  path: string;
  idPrefix: string;
  settleMs: number;
  serverUrl(url: string): string;
  begin(): void;
  end(): void;
  /** After the run, whatever the outcome (end the outage if still on, close helpers). */
  cleanup(): Promise<void>;
}

/** Load → outage for 5 s → recovery, then: the process stayed up, clients got 503 meanwhile, nothing acknowledged lost. */
async function outageRun(sink: Awaited<ReturnType<typeof startSinkProcess>>, o: Outage): Promise<boolean> {
  console.log(`\n${o.title}`);
  const url = await freshDatabase(o.db);
  const src = await seedSource();
  await seedDestination(src, { settings: { url: `${SINK}${o.path}` } });
  const server = await startServer(o.serverUrl(url));
  const pid = server.child.pid!;
  let release!: () => void;
  const load = runLoad(
    src.writeKey,
    `${o.idPrefix}${randomUUID().slice(0, 6)}`,
    new Promise<void>((r) => {
      release = r;
    }),
  );
  try {
    await sleep(5000);
    o.begin();
    console.log('  database unreachable');
    await sleep(5000);
    o.end();
    console.log('  database back');
    await sleep(o.settleMs);
    release();
    const stats = await load.done;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    console.log(
      `  server process stayed up: ${alive ? 'yes' : 'NO'}; 503 answers during the outage: ${fmt(stats.statuses.get('503') ?? 0)}`,
    );
    const ok = await verify(o.name, src.sourceId, o.path, sink, stats);
    return ok && alive && (stats.statuses.get('503') ?? 0) > 0;
  } finally {
    await o.cleanup();
    await server.stop();
  }
}

async function postgresRun(sink: Awaited<ReturnType<typeof startSinkProcess>>): Promise<boolean> {
  const proxy = await startTcpProxy(5432);
  return outageRun(sink, {
    title: '2. Postgres connections dropped and refused for 5 s during load (TCP proxy)',
    name: 'Postgres outage',
    db: 'rel_pg',
    path: '/rel/pg',
    idPrefix: 'p',
    settleMs: 6000,
    serverUrl: (url) => url.replace(':5432/', `:${proxy.port}/`),
    begin: () => proxy.stop(),
    end: () => proxy.start(),
    cleanup: () => proxy.close(),
  });
}

/** The local cluster's version when this process may stop and start it, else null. */
function controllableCluster(): string | null {
  if (process.env.RELIABILITY_PG_RESTART === '0' || process.getuid?.() !== 0) return null;
  if ((process.env.PIPE_PG_URL ?? '127.0.0.1:5432').indexOf('127.0.0.1:5432') === -1) return null;
  if (spawnSync('which', ['pg_ctlcluster']).status !== 0 || !existsSync('/etc/postgresql')) return null;
  return readdirSync('/etc/postgresql').sort().at(-1) ?? null;
}

function pgctl(version: string, action: 'stop' | 'start'): void {
  const args = ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])];
  const r = spawnSync('pg_ctlcluster', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_ctlcluster ${action} failed: ${r.stderr}`);
}

function restartRun(sink: Awaited<ReturnType<typeof startSinkProcess>>, version: string): Promise<boolean> {
  let down = false;
  return outageRun(sink, {
    title: `3. Postgres ${version} really restarted during load (pg_ctlcluster stop -m fast, 5 s, start)`,
    name: 'Postgres restart',
    db: 'rel_restart',
    path: '/rel/restart',
    idPrefix: 'r',
    settleMs: 8000,
    serverUrl: (url) => url,
    begin: () => {
      pgctl(version, 'stop');
      down = true;
    },
    end: () => {
      pgctl(version, 'start');
      down = false;
    },
    cleanup: async () => {
      if (down) pgctl(version, 'start');
    },
  });
}

async function main(): Promise<number> {
  ensureBuild();
  const sink = await startSinkProcess();
  try {
    const a = await killRun(sink);
    const b = await postgresRun(sink);
    const version = controllableCluster();
    const c = version ? await restartRun(sink, version) : null;
    console.log(
      `\nReliability: kill -9 ${a ? 'PASS' : 'FAIL'}, Postgres outage ${b ? 'PASS' : 'FAIL'}, Postgres restart ${c === null ? 'not run (cluster not controllable here)' : c ? 'PASS' : 'FAIL'}`,
    );
    return a && b && c !== false ? 0 : 1;
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
