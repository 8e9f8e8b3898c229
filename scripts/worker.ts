// npm run worker: a delivery worker process without the web server. Run as many
// as you like, on as many machines as you like, against one Postgres: they share
// the queue through SELECT ... FOR UPDATE SKIP LOCKED.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { log } from '../lib/server/log';
import { startDeliveryWorker, stopDeliveryWorker } from '../lib/server/delivery/start';
import { startAuditCheckpointTimer } from '../lib/server/audit-log/checkpoint-timer';

if (!process.env.DATABASE_URL?.trim()) {
  // The embedded PGlite database belongs to one process (npm start, whose worker is on by default).
  console.error(
    'npm run worker needs DATABASE_URL (PostgreSQL). With the embedded database, the worker runs inside npm start.',
  );
  process.exit(1);
}
// Same app key as the server (npm start keeps it in .data/secrets.json), to open destination credentials.
const secretsFile = path.join(process.cwd(), '.data', 'secrets.json');
if (!process.env.APP_ENCRYPTION_KEY && existsSync(secretsFile)) {
  const saved = JSON.parse(readFileSync(secretsFile, 'utf8')) as { APP_ENCRYPTION_KEY?: string };
  if (saved.APP_ENCRYPTION_KEY) process.env.APP_ENCRYPTION_KEY = saved.APP_ENCRYPTION_KEY;
}

const worker = startDeliveryWorker('process');
// The worker anchors the audit log too, so a deployment of workers alone still gets hourly checkpoints.
startAuditCheckpointTimer();
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('delivery.worker_stopping', { signal: sig });
    // Finish and record the batches in hand, then exit.
    void stopDeliveryWorker().then(() => {
      log.info('delivery.worker_stopped', { ...worker.stats });
      process.exit(0);
    });
  });
}
