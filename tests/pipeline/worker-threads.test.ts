// Delivery worker threads inside `npm start` (scripts/delivery-thread.mjs) have their
// own module state. What reaches them from the server's thread: the ingest nudge (a
// fresh event is picked up at once, not at the next poll) and destination changes
// (their runtime cache is dropped at once, not after DELIVERY_CONFIG_TTL_MS).
import { BroadcastChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { seedDestination, seedSource } from '@/tests/support/pipeline';
import { notifyDeliveriesEnqueued } from '@/lib/server/delivery/wake';
import { getDestinationRuntime, invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';

const db = useServerDb();

/** A thread that loads the real wake module through the production loader and reports when it is woken. */
function threadWaitingForWork(): Worker {
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(new URL('../../scripts/lib/load-ts.mjs', import.meta.url).href)}).then(({ requireTs }) => {
      const { waitForWork } = requireTs('./lib/server/delivery/wake.ts');
      const started = Date.now();
      parentPort.postMessage('waiting');
      waitForWork(20000).then(() => parentPort.postMessage({ woke: Date.now() - started }));
    });`;
  return new Worker(code, { eval: true });
}

describe('worker threads', () => {
  it('an ingest nudge on the server thread wakes a waiting worker thread at once', async () => {
    const t = threadWaitingForWork();
    try {
      const messages: unknown[] = [];
      const woke = new Promise<number>((resolve) =>
        t.on('message', (m) => {
          messages.push(m);
          if (typeof m === 'object' && m) resolve((m as { woke: number }).woke);
        }),
      );
      await new Promise<void>((resolve) => {
        const f = (m: unknown) => {
          if (m === 'waiting') {
            t.off('message', f);
            resolve();
          }
        };
        t.on('message', f);
      });
      notifyDeliveriesEnqueued();
      expect(await woke).toBeLessThan(2000); // its own timeout is 20 s
    } finally {
      await t.terminate();
    }
  });

  it('invalidating a destination is broadcast on the channel threads listen to, and a broadcast drops the cached copy', async () => {
    const src = await seedSource();
    const dest = await seedDestination(src, { name: 'Cached', settings: { url: 'https://hooks.example.com/a' } });
    const listener = new BroadcastChannel('privacy-console:destination-runtime');
    try {
      const heard = new Promise<unknown>((resolve) => {
        listener.onmessage = (m) => resolve((m as { data: unknown }).data);
      });
      invalidateDestinationRuntime(dest.id);
      expect(await heard).toBe(dest.id);

      expect((await getDestinationRuntime(dest.id))?.config.settings.url).toBe('https://hooks.example.com/a');
      // Changed behind the cache's back (as another thread's request would), then announced.
      await db.current.prisma.destination.update({
        where: { id: dest.id },
        data: { settings: { url: 'https://hooks.example.com/b' } },
      });
      expect((await getDestinationRuntime(dest.id))?.config.settings.url).toBe('https://hooks.example.com/a');
      listener.postMessage(dest.id);
      await new Promise((r) => setTimeout(r, 50));
      expect((await getDestinationRuntime(dest.id))?.config.settings.url).toBe('https://hooks.example.com/b');
    } finally {
      listener.close();
    }
  });
});
