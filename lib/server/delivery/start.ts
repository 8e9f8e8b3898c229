import 'server-only';
import { log } from '@/lib/server/log';
import { workerConfig, type WorkerHost } from '@/lib/server/delivery/config';
import { DeliveryWorker } from '@/lib/server/delivery/worker';

// One worker per process, started by instrumentation.ts inside `npm start`
// (unless WORKER_ENABLED=false) or by scripts/worker.ts (`npm run worker`).
const g = globalThis as unknown as { __pcDeliveryWorker?: DeliveryWorker };

export function workerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(0|false|no|off)$/i.test(env.WORKER_ENABLED?.trim() ?? '');
}

export function startDeliveryWorker(host: WorkerHost): DeliveryWorker {
  if (!g.__pcDeliveryWorker) {
    const w = new DeliveryWorker(workerConfig(host));
    g.__pcDeliveryWorker = w.start();
    log.info('delivery.worker_started', { host, lanes: w.cfg.lanes, batch: w.cfg.batchSize, concurrency: w.cfg.concurrency });
  }
  return g.__pcDeliveryWorker;
}

export async function stopDeliveryWorker(): Promise<void> {
  const w = g.__pcDeliveryWorker;
  g.__pcDeliveryWorker = undefined;
  await w?.stop();
}
