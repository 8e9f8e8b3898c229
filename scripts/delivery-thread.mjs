// A delivery worker on its own thread inside `npm start` (scripts/server.mjs starts
// WORKER_THREADS of them when the database is PostgreSQL). The in-server worker shares
// the event loop with the console and the tracking API; a thread has its own, so
// delivery (RSA encryption, outbound HTTP) uses the machine's other cores. It has its
// own database pool and caches, and takes work exactly as `npm run worker` does
// (SELECT ... FOR UPDATE SKIP LOCKED); the parent's 'stop' finishes and records the
// batches in hand before the thread exits.
import { parentPort } from 'node:worker_threads';
import { requireTs } from './lib/load-ts.mjs';

const { startDeliveryWorker, stopDeliveryWorker } = requireTs('./lib/server/delivery/start.ts');
startDeliveryWorker('thread');
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  void stopDeliveryWorker().finally(() => parentPort.postMessage('stopped'));
});
