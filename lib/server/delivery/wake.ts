import 'server-only';

// In-process nudge from ingest to the delivery worker, so a fresh event is
// picked up at once instead of at the next poll. Workers in other processes
// (npm run worker) simply poll; the nudge is a latency optimisation only.
type Waiter = () => void;
const g = globalThis as unknown as { __pcDeliveryWaiters?: Set<Waiter> };
const waiters = (g.__pcDeliveryWaiters ??= new Set());

export function notifyDeliveriesEnqueued(): void {
  if (waiters.size === 0) return;
  const all = [...waiters];
  waiters.clear();
  for (const w of all) w();
}

/** Resolves after `ms`, or earlier when ingest enqueues deliveries or `signal` aborts. */
export function waitForWork(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiters.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiters.add(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
