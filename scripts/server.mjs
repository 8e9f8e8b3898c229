// The production server `npm start` runs (scripts/start.mjs spawns it): Next.js
// through its documented custom-server API, plus one fast path. POST /v1/* (the
// Segment-compatible tracking API) is answered straight from the Node request by
// lib/server/ingest/node-http.ts, without Next's router and web-stream adapters,
// which cost as much CPU per event as ingest itself. Everything else, including any
// other method on /v1/*, goes to Next unchanged (proxy.ts, headers, pages, APIs).
//
//   node scripts/server.mjs [-p PORT] [-H HOSTNAME]   (defaults: $PORT or 3000, $HOSTNAME or 127.0.0.1)
//
// The ingest modules are TypeScript under lib/; scripts/lib/load-ts.mjs loads them
// with tsx's scoped require, leaving Next's own module loading alone. Next may evaluate
// the same lib/ code again inside its bundles; all shared state (database handle,
// caches, the delivery worker's wake-ups) lives on globalThis, so both copies share it.
//
// Delivery: the worker inside Next (instrumentation.ts) plus, with PostgreSQL,
// WORKER_THREADS (default 1) workers on their own threads (scripts/delivery-thread.mjs),
// so delivery is not confined to the event loop that also serves requests.
// WORKER_ENABLED=false turns all of them off (workers then run as `npm run worker`).
import http from 'node:http';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { requireTs, root } from './lib/load-ts.mjs';

const require = createRequire(import.meta.url);

function arg(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const port = Number(arg('-p', process.env.PORT || '3000'));
const hostname = arg('-H', process.env.HOSTNAME || '127.0.0.1');
process.env.NODE_ENV = 'production';

const { trackingEndpoint, serveTrackingApi } = requireTs('./lib/server/ingest/node-http.ts');
const { workerEnabled, stopDeliveryWorker } = requireTs('./lib/server/delivery/start.ts');
const { flushObservations } = requireTs('./lib/server/ingest/observe-buffer.ts');
const { log } = requireTs('./lib/server/log.ts');
const { errorBody, toAppError } = requireTs('./lib/server/errors.ts');

const next = require('next');
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// The client's address, which audit rows and the per-address sign-in limit record
// (lib/server/platform/request-meta.ts reads the first X-Forwarded-For entry). A client can
// send any X-Forwarded-For it likes, so the header is rewritten here: to the socket's
// peer by default, or, with TRUST_PROXY=N (N reverse proxies in front that each
// append the address they saw), to the entry N hops from the right.
const trustedHops = Math.max(0, Math.min(10, Number.parseInt(process.env.TRUST_PROXY ?? '0', 10) || 0));
const unmapV4 = (a) => (a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a);
function setClientAddress(req) {
  const peer = unmapV4(req.socket.remoteAddress ?? '');
  let client = peer;
  if (trustedHops > 0) {
    const raw = req.headers['x-forwarded-for'];
    const chain = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    chain.push(peer);
    client = unmapV4(chain[Math.max(0, chain.length - 1 - trustedHops)] ?? peer);
  }
  delete req.headers['x-real-ip'];
  if (client) req.headers['x-forwarded-for'] = client;
  else delete req.headers['x-forwarded-for'];
}

const server = http.createServer((req, res) => {
  setClientAddress(req);
  const endpoint = trackingEndpoint(req.method, req.url);
  (endpoint ? serveTrackingApi(req, res, endpoint) : handle(req, res)).catch((e) => {
    // Both handle their own errors; this is the last line, so the process never dies of one request.
    log.error('server.unhandled', { error: e instanceof Error ? e.name : 'unknown' });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(errorBody(toAppError(e))));
  });
});
server.on('clientError', (_err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  else socket.destroy();
});
server.listen(port, hostname, () => {
  console.log(`Ready on http://${hostname}:${port}`);
});

// Delivery worker threads. Not with the embedded PGlite database: it belongs to this
// thread alone (the in-server worker delivers for it).
const threadCount =
  workerEnabled() && process.env.DATABASE_URL?.trim()
    ? Math.max(0, Math.min(8, Number.parseInt(process.env.WORKER_THREADS ?? '1', 10) || 0))
    : 0;
const threads = new Set();
let stopping = false;
function startThread(n) {
  const t = new Worker(new URL('./delivery-thread.mjs', import.meta.url), {
    // Its own heap bound (the server's is set by scripts/start.mjs): a thread holds at
    // most lanes x batch claimed events, far below it.
    resourceLimits: { maxOldGenerationSizeMb: Number(process.env.WORKER_THREAD_MAX_OLD_SPACE_MB || 128) },
  });
  threads.add(t);
  t.on('error', (e) =>
    log.error('delivery.thread_failed', {
      thread: n,
      error: e instanceof Error ? e.name : 'unknown',
      message: e instanceof Error ? e.message.slice(0, 200) : undefined,
    }),
  );
  t.on('exit', (code) => {
    threads.delete(t);
    if (stopping) return;
    // Its claimed rows come back when their locks expire; a new thread takes over meanwhile.
    log.warn('delivery.thread_exited', { thread: n, code });
    setTimeout(() => {
      if (!stopping) startThread(n);
    }, 5000).unref();
  });
}
for (let n = 0; n < threadCount; n++) startThread(n);

function stopThread(t) {
  return new Promise((resolve) => {
    t.once('exit', resolve);
    t.on('message', (m) => {
      if (m === 'stopped') void t.terminate();
    });
    t.postMessage('stop');
  });
}

// Graceful stop: take no new connections, let requests in flight finish (an event
// is acknowledged only once committed, so cutting one short loses nothing but a
// client retry), let the delivery workers record the batches in hand (else they wait
// for their lock to expire and go out again), and write the Privacy Portal's pending
// field observations; then exit. A second signal, or 10 s, exits at once.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(0), 10_000).unref();
    const drained = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    void Promise.allSettled([
      drained.then(() => flushObservations()),
      stopDeliveryWorker(),
      ...[...threads].map(stopThread),
    ]).then(() => process.exit(0));
  });
}
