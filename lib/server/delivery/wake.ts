import 'server-only';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import { BroadcastChannel } from 'node:worker_threads';

// In-process nudge from ingest to the delivery workers, so a fresh event is
// picked up within milliseconds instead of at the next poll: the worker on this
// thread directly, worker threads of this process (scripts/delivery-thread.mjs)
// through a BroadcastChannel. Workers in other processes (npm run worker) simply
// poll; the nudge is a latency optimisation only.
//
// Nudges are coalesced over WORKER_WAKE_DELAY_MS (default 20 ms): under a stream of
// single-event requests, waking at once for each would make every claim carry one
// or two rows, i.e. two extra statements per event. 20 ms later a claim carries them all.
type Waiter = () => void;
const DELAY_MS = Number(process.env.WORKER_WAKE_DELAY_MS ?? 20);
const state = processSingleton('delivery.wake', () => ({
  waiters: new Set<Waiter>(),
  timer: null as NodeJS.Timeout | null,
}));

function wakeLocal(): void {
  const all = [...state.waiters];
  state.waiters.clear();
  for (const w of all) w();
}

const channel = processSingleton('delivery.wake-channel', () => {
  const c = new BroadcastChannel('privacy-console:delivery-wake');
  c.onmessage = () => wakeLocal();
  c.unref();
  return c;
});

function wakeAll(): void {
  state.timer = null;
  wakeLocal();
  channel.postMessage(1);
}

/** Called by ingest after enqueueing; at most one wake-up per WORKER_WAKE_DELAY_MS. */
export function notifyDeliveriesEnqueued(): void {
  if (state.timer) return;
  state.timer = setTimeout(wakeAll, DELAY_MS);
  state.timer.unref?.();
}

/** Resolves after `ms`, or earlier when ingest enqueues deliveries or `signal` aborts. */
export function waitForWork(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.waiters.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.waiters.add(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
