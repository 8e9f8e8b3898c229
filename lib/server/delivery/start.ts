import 'server-only';
import { processSingleton, setProcessSingleton } from '@/lib/server/platform/process-singleton';
import { log } from '@/lib/server/log';
import { workerConfig, type WorkerHost } from '@/lib/server/delivery/config';
import { DeliveryWorker } from '@/lib/server/delivery/worker';

// One worker per process, started by instrumentation.ts inside `npm start`
// (unless WORKER_ENABLED=false) or by scripts/worker.ts (`npm run worker`).
const WORKER_KEY = 'delivery.worker';
const current = () => processSingleton<DeliveryWorker | undefined>(WORKER_KEY, () => undefined);

export function workerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(0|false|no|off)$/i.test(env.WORKER_ENABLED?.trim() ?? '');
}

export function startDeliveryWorker(host: WorkerHost): DeliveryWorker {
  const running = current();
  if (running) return running;
  const w = new DeliveryWorker(workerConfig(host)).start();
  setProcessSingleton(WORKER_KEY, w);
  log.info('delivery.worker_started', {
    host,
    lanes: w.cfg.lanes,
    batch: w.cfg.batchSize,
    concurrency: w.cfg.concurrency,
  });
  return w;
}

export async function stopDeliveryWorker(): Promise<void> {
  const w = current();
  setProcessSingleton(WORKER_KEY, undefined);
  await w?.stop();
}
