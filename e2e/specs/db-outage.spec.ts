// Stopping Postgres must give clean 503s and never crash the server; service
// resumes on its own when Postgres is back. A TCP proxy between a dedicated
// `next start` and Postgres plays the outage (see tests/support/tcp-proxy.ts).
import { test, expect } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startTcpProxy, type TcpProxy } from '../../tests/support/tcp-proxy';

const serverUrl = process.env.DATABASE_URL;
test.skip(!serverUrl, 'needs a real PostgreSQL server (DATABASE_URL)');

const root = path.resolve(__dirname, '../..');
const dbName = `e2e_outage_${randomBytes(4).toString('hex')}`;
const port = 3200 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
let proxy: TcpProxy;
let server: ChildProcess;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const u = new URL(serverUrl!);
  u.pathname = `/${dbName}`;
  const mig = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/migrate.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: u.toString() },
    encoding: 'utf8',
  });
  expect(mig.status, mig.stderr).toBe(0);
  proxy = await startTcpProxy(Number(u.port || 5432), u.hostname);
  u.host = `127.0.0.1:${proxy.port}`;
  server = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: u.toString(),
      NEXTAUTH_SECRET: 'outage-test-secret',
      APP_ENCRYPTION_KEY: '11'.repeat(32),
      NEXTAUTH_URL: base,
    },
    stdio: 'ignore',
  });
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
    .toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await proxy?.close();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => {});
});

test('503 while Postgres is down, recovery afterwards, and the process survives', async ({ request }) => {
  expect((await request.get(`${base}/api/health`)).status()).toBe(200);

  // A request in flight when Postgres goes away.
  proxy.blackhole(true);
  const inflight = fetch(`${base}/api/health`);
  await expect.poll(() => server.exitCode).toBeNull();
  proxy.stop();
  const r1 = await inflight;
  expect(r1.status).toBe(503);
  expect(await r1.json()).toMatchObject({ error: { code: 'db_unavailable' } });

  // New requests during the outage: JSON for APIs, an HTML page for pages.
  await expect.poll(async () => (await request.get(`${base}/api/health`)).status()).toBe(503);
  // The proxy caches its reachability probe for a second, so a page may still pass right after the API failed.
  await expect.poll(async () => (await request.get(`${base}/login`)).status()).toBe(503);
  const page = await request.get(`${base}/login`);
  expect(page.status()).toBe(503);
  expect(await page.text()).toContain('Service unavailable');
  expect(await page.text()).not.toMatch(/at \w+ \(|node_modules/); // no stack trace

  proxy.start();
  await expect.poll(async () => (await request.get(`${base}/api/health`)).status(), { timeout: 15_000 }).toBe(200);
  expect(server.exitCode).toBeNull();
});
