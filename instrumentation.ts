// Next.js calls register() once per server process at startup. The delivery
// worker runs inside `npm start` by default (WORKER_ENABLED=false turns it off,
// e.g. when workers run as separate `npm run worker` processes). Node runtime
// only: the worker needs sockets, timers and the database driver.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startDeliveryWorker, workerEnabled } = await import('./lib/server/delivery/start');
  if (workerEnabled()) startDeliveryWorker('server');
  // Hourly signed checkpoints of the audit chains (docs/audit-log.md), in every server process.
  const { startAuditCheckpointTimer } = await import('./lib/server/audit-log/checkpoint-timer');
  startAuditCheckpointTimer();
}
