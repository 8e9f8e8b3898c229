import { processSingleton } from '@/lib/server/platform/process-singleton';
import { BroadcastChannel } from 'node:worker_threads';

// A per-process cache of values that are slow to load and may be a little stale
// (the per-workspace classifier, the ingest write-key lookup, a destination's
// delivery runtime):
//   - each entry is fresh for `ttlMs`;
//   - concurrent misses for one key share one load (in-flight dedup);
//   - a failed load is not cached;
//   - with `staleWhileRevalidate`, a stale entry keeps being served while one
//     background load refreshes it, so a hot path never waits after the first load;
//   - a `delete`/`clear` during a load wins: the load's result still answers the
//     callers that were waiting for it, but it is not stored (no stale resurrection).

export interface TtlCacheOptions {
  ttlMs: number;
  /** Upper bound on entries; when reached the oldest entry goes (Map order is insertion order). */
  max: number;
  staleWhileRevalidate?: boolean;
}

interface Entry<V> {
  value?: { v: V; at: number };
  pending?: Promise<V>;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly opts: TtlCacheOptions,
  ) {}

  get(key: string): Promise<V> {
    const now = Date.now();
    let e = this.entries.get(key);
    if (e?.value && now - e.value.at < this.opts.ttlMs) return Promise.resolve(e.value.v);
    if (!e) {
      if (this.entries.size >= this.opts.max) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, (e = {}));
    }
    const entry = e;
    entry.pending ??= this.load(key).then(
      (v) => {
        if (this.entries.get(key) === entry) {
          entry.value = { v, at: Date.now() };
          entry.pending = undefined;
        }
        return v;
      },
      (err: unknown) => {
        if (this.entries.get(key) === entry) {
          entry.pending = undefined;
          if (!entry.value) this.entries.delete(key);
        }
        throw err;
      },
    );
    if (entry.value && this.opts.staleWhileRevalidate) {
      entry.pending.catch(() => {});
      return Promise.resolve(entry.value.v);
    }
    return entry.pending;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A TtlCache shared by every copy of the calling module in this process (see processSingleton). */
export function sharedTtlCache<V>(name: string, load: (key: string) => Promise<V>, opts: TtlCacheOptions): TtlCache<V> {
  return processSingleton(`ttl-cache:${name}`, () => new TtlCache(load, opts));
}

/**
 * Invalidation of a per-thread cache that also reaches this process's other threads
 * (the delivery worker threads, scripts/delivery-thread.mjs) at once, over the
 * BroadcastChannel `channelName`; workers in other processes still wait for the TTL.
 * Returns `invalidate(key?)`: drops the key, or every entry, here and in the other threads.
 */
export function invalidationAcrossThreads(channelName: string, cache: TtlCache<unknown>): (key?: string) => void {
  const drop = (key: string | undefined) => (key ? cache.delete(key) : cache.clear());
  const channel = processSingleton(`broadcast:${channelName}`, () => {
    const c = new BroadcastChannel(channelName);
    // The message is a key, or '' for all of them.
    c.onmessage = (m) => drop(String((m as { data: unknown }).data) || undefined);
    c.unref();
    return c;
  });
  return (key) => {
    drop(key);
    channel.postMessage(key ?? '');
  };
}
