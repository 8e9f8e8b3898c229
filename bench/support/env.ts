// Shared harness for the pipeline benchmarks and reliability runs: a fresh
// Postgres database (pipe_*), the production Next.js build in .next-pipe served by
// scripts/server.mjs (what `npm start` runs) on 127.0.0.1:3420, optional `npm run worker` processes, a sink
// process on 3421, RSS sampling, and event generators. Everything is local and
// bounded; nothing listens beyond 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { basic } from '../../tests/support/pipeline';
import { openRaw } from '../../lib/db/raw';
import { applyMigrations } from '../../lib/db/migrate';
import { createDb, setDbForProcess } from '../../lib/server/db';

export const ROOT = path.resolve(__dirname, '../..');
export const PORT = Number(process.env.PIPE_PORT ?? 3420);
export const SINK_PORT = PORT + 1;
export const BASE = `http://127.0.0.1:${PORT}`;
export const SINK = `http://127.0.0.1:${SINK_PORT}`;
export const DIST = '.next-pipe';
const PG = process.env.PIPE_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const APP_KEY = '7e'.repeat(32);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export function dbUrl(name: string): string {
  return `${PG}/${name}`;
}

/** Drops and recreates pipe_<name>, migrates it, and installs it as this process's database. */
export async function freshDatabase(name: string): Promise<string> {
  const db = `pipe_${name}`;
  const admin = await openRaw({ kind: 'postgres', url: `${PG}/postgres` });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.close();
  }
  const url = dbUrl(db);
  const raw = await openRaw({ kind: 'postgres', url });
  await applyMigrations(raw, path.join(ROOT, 'prisma/migrations'));
  await raw.close();
  process.env.APP_ENCRYPTION_KEY = APP_KEY;
  setDbForProcess(await createDb({ kind: 'postgres', url }));
  return url;
}

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p))
    if (!e.startsWith('.') && e !== 'node_modules' && e !== 'generated') max = Math.max(max, newest(path.join(p, e)));
  return max;
}

/** Builds .next-pipe when it is missing or older than the sources; keeps the old build if a rebuild fails. */
export function ensureBuild(): void {
  const id = path.join(ROOT, DIST, 'BUILD_ID');
  const built = existsSync(id) ? statSync(id).mtimeMs : 0;
  const inputs = ['app', 'components', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.js'].map((p) =>
    newest(path.join(ROOT, p)),
  );
  if (built && !process.argv.includes('--build') && Math.max(...inputs) <= built) return;
  console.log(`Building the console into ${DIST} (sources changed)…`);
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env, NEXT_DIST_DIR: DIST },
  });
  if (r.status !== 0) {
    if (!built) throw new Error('next build failed and there is no previous build');
    console.warn('next build failed (someone\u2019s work in progress?); using the previous build.');
  }
}

export interface Proc {
  child: ChildProcess;
  pids(): number[];
  stop(): Promise<void>;
  kill9(): void;
}

function treePids(root: number): number[] {
  const out = [root];
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  for (let i = 0; i < out.length; i++)
    for (const [pid, ppid] of rows) if (ppid === out[i] && !out.includes(pid!)) out.push(pid!);
  return out;
}

/** Resident memory of a process tree, MB. */
export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      /* exited */
    }
  }
  return kb / 1024;
}

function spawnGroup(args: string[], env: Record<string, string>, logName: string): Proc {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const tail: string[] = [];
  const keep = (b: Buffer) => {
    tail.push(b.toString());
    if (tail.length > 50) tail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let stopping = false;
  // Only an exit nobody asked for is worth the log tail.
  child.on('exit', (code, sig) => {
    if (!stopping && code && !sig) console.error(`${logName} exited ${code}:\n${tail.join('').slice(-2000)}`);
  });
  const pid = child.pid!;
  return {
    child,
    pids: () => treePids(pid),
    kill9: () => {
      stopping = true;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
    stop: async () => {
      stopping = true;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
  };
}

export function serverEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: url,
    NEXT_DIST_DIR: DIST,
    APP_ENCRYPTION_KEY: APP_KEY,
    NEXTAUTH_SECRET: 'pipe-bench-secret',
    NEXTAUTH_URL: BASE,
    OUTBOUND_ALLOWLIST: '127.0.0.1',
    INGEST_RATE_LIMIT: '0',
    NODE_ENV: 'production',
    // The same heap bound `npm start` (scripts/start.mjs) and `npm run worker` apply.
    NODE_OPTIONS: process.env.PIPE_SERVER_NODE_OPTIONS ?? '--max-old-space-size=384',
    ...extra,
  };
}

/**
 * Extra node flags for a spawned process, from PIPE_SERVER_NODE_ARGS / PIPE_WORKER_NODE_ARGS:
 * flags NODE_OPTIONS refuses, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a run.
 */
function nodeArgsFrom(name: string): string[] {
  return (process.env[name] ?? '').split(' ').filter(Boolean);
}

/** The production server `npm start` runs (scripts/server.mjs) on 127.0.0.1:PORT; resolves once /api/health answers 200. */
export async function startServer(url: string, extra: Record<string, string> = {}): Promise<Proc> {
  const p = spawnGroup(
    [...nodeArgsFrom('PIPE_SERVER_NODE_ARGS'), 'scripts/server.mjs', '-p', String(PORT), '-H', '127.0.0.1'],
    serverEnv(url, extra),
    'server',
  );
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).status === 200) return p;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  await p.stop();
  throw new Error('the server did not become ready');
}

/** `npm run worker` as its own process (same code path: tsx scripts/worker.ts). */
export function startWorker(url: string, extra: Record<string, string> = {}): Proc {
  return spawnGroup(
    [
      'node_modules/tsx/dist/cli.mjs',
      ...nodeArgsFrom('PIPE_WORKER_NODE_ARGS'),
      '--conditions=react-server',
      'scripts/worker.ts',
    ],
    serverEnv(url, extra),
    'worker',
  );
}

export async function startSinkProcess(): Promise<
  Proc & { stats(): Promise<{ requests: number; paths: Record<string, number> }>; ids(p: string): Promise<string[]> }
> {
  const child = spawn(process.execPath, ['bench/support/sink.mjs', String(SINK_PORT)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', () => reject(new Error('sink failed to start')));
  });
  const pid = child.pid!;
  return {
    child,
    pids: () => [pid],
    kill9: () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
    stop: async () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    },
    stats: async () =>
      (await fetch(`${SINK}/__stats`)).json() as Promise<{ requests: number; paths: Record<string, number> }>,
    ids: async (p: string) => (await fetch(`${SINK}/__ids?path=${encodeURIComponent(p)}`)).json() as Promise<string[]>,
  };
}

const CLK_TCK = 100;

/** CPU seconds (user + system) consumed so far by these processes. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* exited */
    }
  }
  return ticks / CLK_TCK;
}

/** Postgres backend processes serving database `db` (same machine). */
export async function pgBackendPids(db: string): Promise<number[]> {
  const admin = await openRaw({ kind: 'postgres', url: `${PG}/postgres` });
  try {
    return (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db])).map((r) =>
      Number(r.pid),
    );
  } finally {
    await admin.close();
  }
}

/**
 * CPU spent by our processes and the database's backends over a run. Used to
 * report CPU per event, which — unlike wall-clock rates — does not depend on what
 * else the shared machine is doing. (Postgres' WAL writer and checkpointer are
 * shared background processes and are not counted.)
 */
export class CpuMeter {
  private start = new Map<number, number>();
  constructor(
    private readonly procs: () => number[],
    private readonly db: string,
  ) {}
  private async all(): Promise<number[]> {
    return [...this.procs(), ...(await pgBackendPids(this.db))];
  }
  async begin(): Promise<void> {
    for (const pid of await this.all()) this.start.set(pid, cpuSeconds([pid]));
  }
  async end(): Promise<{ node: number; postgres: number }> {
    const nodePids = new Set(this.procs());
    const out = { node: 0, postgres: 0 };
    for (const pid of await this.all()) {
      const used = cpuSeconds([pid]) - (this.start.get(pid) ?? 0);
      if (nodePids.has(pid)) out.node += used;
      else out.postgres += used;
    }
    return out;
  }
}

/** Samples RSS of some process trees every `ms`; returns the peak per label. */
export function sampleRss(targets: Record<string, () => number[]>, ms = 250) {
  const peak: Record<string, number> = Object.fromEntries(Object.keys(targets).map((k) => [k, 0]));
  const t = setInterval(() => {
    for (const [k, f] of Object.entries(targets)) peak[k] = Math.max(peak[k]!, rssMb(f()));
  }, ms);
  return { peak, stop: () => clearInterval(t) };
}

/** A realistic ~900-byte healthcare track event; `n` makes ids and values unique. */
export function eventJson(runId: string, n: number): string {
  return (
    `{"type":"track","event":"Appointment Booked","userId":"patient-${n}","messageId":"${runId}-${n}","timestamp":"${new Date().toISOString()}",` +
    `"properties":{"email":"patient.${n}@example.com","phone":"+1555${String(n % 10_000_000).padStart(7, '0')}","first_name":"Pat${n % 97}","last_visit":"2026-01-0${1 + (n % 9)}",` +
    `"appointment_type":"follow-up","clinic_id":"clinic-${n % 40}","provider_id":"prov-${n % 300}","price":${(n % 500) + 0.5},"insurance_plan":"acme-gold","reminder_opt_in":${n % 2 === 0},` +
    `"items":[{"sku":"visit-30","qty":1},{"sku":"lab-panel","qty":${1 + (n % 3)}}]},` +
    `"context":{"ip":"10.${n % 250}.${n % 199}.7","locale":"en-US","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",` +
    `"library":{"name":"analytics-node","version":"3.1.0"},"page":{"path":"/book","url":"https://clinic.example.com/book","referrer":"https://www.google.com/"}}}`
  );
}

export function batchBody(runId: string, from: number, size: number): string {
  const parts: string[] = [];
  for (let i = 0; i < size; i++) parts.push(eventJson(runId, from + i));
  return `{"batch":[${parts.join(',')}],"sentAt":"${new Date().toISOString()}"}`;
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/**
 * Load on /v1/batch with autocannon: `size` events per request (batchBody, numbered from 0
 * in order), authenticated with the source's write key; `amount` requests in all, or for
 * `duration` seconds.
 */
export function postBatches(opts: {
  writeKey: string;
  runId: string;
  size: number;
  connections: number;
  amount?: number;
  duration?: number;
}): Promise<Awaited<ReturnType<typeof autocannon>>> {
  let seq = 0;
  return autocannon({
    url: BASE,
    connections: opts.connections,
    ...(opts.amount !== undefined ? { amount: opts.amount } : { duration: opts.duration }),
    requests: [
      {
        method: 'POST',
        path: '/v1/batch',
        headers: { authorization: basic(opts.writeKey), 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: batchBody(opts.runId, seq++ * opts.size, opts.size) }),
      },
    ],
  });
}
