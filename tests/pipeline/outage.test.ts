// A Postgres outage (TCP proxy drops and refuses connections) while events come
// in and the worker runs: 503 (never 500) during the outage, the process and the
// worker survive, and afterwards everything acknowledged is stored and delivered.
// Postgres only (PGlite lives inside the process and cannot go away).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '@/lib/db/raw';
import { applyMigrations } from '@/lib/db/migrate';
import { createDb, setDbForProcess } from '@/lib/server/db';
import { DeliveryWorker } from '@/lib/server/delivery/worker';
import { startTcpProxy, type TcpProxy } from '@/tests/support/tcp-proxy';
import {
  basic,
  post,
  seedDestination,
  seedSource,
  startIngestServer,
  startSink,
  type SeededSource,
  type Sink,
  type TestServer,
} from '@/tests/support/pipeline';
import { testWorkerConfig } from '@/tests/support/pipeline-worker';

const serverUrl = process.env.DATABASE_URL?.trim();
const name = `pipe_outage_${process.pid}_${randomBytes(3).toString('hex')}`;
let proxy: TcpProxy;
let server: TestServer;
let sink: Sink;
let src: SeededSource;
let closeDb: () => Promise<void>;

describe.skipIf(!serverUrl)('Postgres outage', () => {
  beforeAll(async () => {
    const admin = await openRaw({ kind: 'postgres', url: serverUrl! });
    await admin.exec(`CREATE DATABASE "${name}"`);
    await admin.close();
    const direct = new URL(serverUrl!);
    direct.pathname = `/${name}`;
    const raw = await openRaw({ kind: 'postgres', url: direct.toString() });
    await applyMigrations(raw, path.resolve(__dirname, '../../prisma/migrations'));
    await raw.close();
    proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
    const viaProxy = new URL(direct.toString());
    viaProxy.port = String(proxy.port);
    const handle = await createDb({ kind: 'postgres', url: viaProxy.toString() });
    setDbForProcess(handle);
    closeDb = handle.close;
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    server = await startIngestServer();
    sink = await startSink();
    src = await seedSource();
    await seedDestination(src, { settings: { url: `${sink.url}/outage` } });
  });

  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await closeDb?.();
    await proxy?.close();
    const admin = await openRaw({ kind: 'postgres', url: serverUrl! });
    await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
    delete process.env.OUTBOUND_ALLOWLIST;
  });

  it('answers 503 while the database is gone, keeps the worker alive, and loses nothing acknowledged', async () => {
    // A claim whose answer is lost in the outage stays locked; a short lock lets recovery happen within the test.
    const worker = new DeliveryWorker(testWorkerConfig({ lanes: 2, pollMs: 20, lockSeconds: 2 })).start();
    const send = (id: string) =>
      post(
        server,
        '/v1/track',
        { userId: 'u', event: 'Outage', messageId: id },
        { authorization: basic(src.writeKey) },
      );
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) if ((await send(`before-${i}`)).status === 200) acked.push(`before-${i}`);
    expect(acked).toHaveLength(5);

    proxy.stop();
    const during = await Promise.all(Array.from({ length: 5 }, (_, i) => send(`during-${i}`)));
    for (const r of during) {
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.body.error.code).toBe('db_unavailable');
      expect(r.headers.get('retry-after')).toBe('5');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(worker.running).toBe(true);

    proxy.start();
    let back = 0;
    for (let i = 0; i < 50 && back === 0; i++) {
      const r = await send(`after-${i}`);
      if (r.status === 200) {
        acked.push(`after-${i}`);
        back++;
      } else expect(r.status).toBe(503);
    }
    expect(back).toBe(1);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !acked.every((id) => sink.delivered.has(id)))
      await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    expect(acked.filter((id) => !sink.delivered.has(id))).toEqual([]);
    expect(worker.stats.dbErrors).toBeGreaterThan(0);
  });
});
