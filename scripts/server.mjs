// The production server `npm start` runs (scripts/start.mjs spawns it): Next.js
// through its documented custom-server API, plus one fast path. POST /v1/* (the
// Segment-compatible tracking API) is answered straight from the Node request by
// lib/server/ingest/node-http.ts, without Next's router and web-stream adapters,
// which cost as much CPU per event as ingest itself. Everything else, including any
// other method on /v1/*, goes to Next unchanged (proxy.ts, headers, pages, APIs).
//
//   node scripts/server.mjs [-p PORT] [-H HOSTNAME]   (defaults: $PORT or 3000, $HOSTNAME or 127.0.0.1)
//
// The ingest modules are TypeScript under lib/; they are loaded with tsx's scoped
// require (the same loader `npm run worker` uses), which transpiles only what it
// loads itself and leaves Next's own module loading alone. Next may evaluate the same
// lib/ code again inside its bundles; all shared state (database handle, caches,
// the delivery worker's wake-ups) lives on globalThis, so both copies share it.
import http from 'node:http';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function arg(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const port = Number(arg('-p', process.env.PORT || '3000'));
const hostname = arg('-H', process.env.HOSTNAME || '127.0.0.1');
process.env.NODE_ENV = 'production';

// `import 'server-only'` guards lib/server/* against client bundles. Outside a bundler
// it resolves to a module that throws unless the react-server condition is set, which
// must not be set process-wide here (Next's own requires would pick React's server
// builds), so this one specifier is pointed at the package's empty entry instead.
const serverOnlyEmpty = path.join(path.dirname(require.resolve('server-only')), 'empty.js');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'server-only' ? serverOnlyEmpty : resolveFilename.call(this, request, ...rest);
};

const { register } = require('tsx/cjs/api');
const tsx = register({ namespace: 'privacy-console-ingest' });
const { trackingEndpoint, serveTrackingApi } = tsx.require('./lib/server/ingest/node-http.ts', path.join(root, 'package.json'));

const next = require('next');
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// The client's address, which audit rows and the per-address sign-in limit record
// (lib/server/request-meta.ts reads the first X-Forwarded-For entry). A client can
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
    const chain = (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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
    console.error(JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'server.unhandled', error: e instanceof Error ? e.name : 'unknown' }));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end('{"error":{"code":"internal","message":"Something went wrong."}}');
  });
});
server.on('clientError', (_err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  else socket.destroy();
});
server.listen(port, hostname, () => {
  console.log(`Ready on http://${hostname}:${port}`);
});

// Graceful stop: take no new connections, let requests in flight finish (an event
// is acknowledged only once committed, so cutting one short loses nothing but a
// client retry), let the in-process delivery worker record the batches in hand
// (else they wait for their lock to expire and go out again), and write the Privacy
// Portal's pending field observations; then exit. A second signal, or 10 s, exits at once.
const { stopDeliveryWorker } = tsx.require('./lib/server/delivery/start.ts', path.join(root, 'package.json'));
const { flushObservations } = tsx.require('./lib/server/ingest/observe-buffer.ts', path.join(root, 'package.json'));
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(0), 10_000).unref();
    const drained = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    void Promise.allSettled([drained.then(() => flushObservations()), stopDeliveryWorker()]).then(() => process.exit(0));
  });
}
