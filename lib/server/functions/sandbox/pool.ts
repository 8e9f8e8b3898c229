import 'server-only';
import { isSandboxLoadError, Sandbox, type SandboxLoadError } from '@/lib/server/functions/sandbox/sandbox';
import type { SandboxLimits } from '@/lib/server/functions/sandbox/limits';

// Loaded runtimes, reused across calls so a call pays neither the WASM instantiation nor the
// compile of the prelude and the user's code (about 10 ms together).
//
// Key: (function version, connected instance, memory/stack limits). A runtime is only ever handed
// to calls with the same key, so one instance's settings and whatever its code left in globals are
// never visible to another instance's calls, even of the same function version.
//
// Concurrency: each runtime runs one call at a time, and a key may have up to `maxPerKey` runtimes,
// so calls of one function that await fetch() overlap on separate runtimes. Interleaving several
// calls inside one context was rejected: QuickJS has one interrupt handler and one job queue per
// runtime, so a call's deadline could not be enforced without stopping the other calls in it, a
// limit breach would kill every call sharing the runtime, and calls would see each other's globals
// mid-flight, which a Lambda-style runtime (Segment's) never shows.
//
// Bounds: `maxRuntimes` in total (least recently used idle runtimes are evicted to make room),
// idle runtimes expire after `idleTtlMs`, and a call that cannot get a runtime within
// `maxQueueWaitMs` is refused with PoolBusyError (the caller retries later).

export interface PoolConfig {
  maxRuntimes: number;
  maxPerKey: number;
  idleTtlMs: number;
  maxQueueWaitMs: number;
  /** How long a failed load is remembered, so broken code is not recompiled for every event. */
  loadErrorTtlMs: number;
}

export const DEFAULT_POOL_CONFIG: Readonly<PoolConfig> = Object.freeze({
  maxRuntimes: 64,
  maxPerKey: 4,
  idleTtlMs: 5 * 60_000,
  maxQueueWaitMs: 10_000,
  loadErrorTtlMs: 60_000,
});

export class PoolBusyError extends Error {
  readonly code = 'ERR_POOL_BUSY';
}

/** By code, not instanceof (see isSandboxLoadError). */
export function isPoolBusyError(e: unknown): e is PoolBusyError {
  return e instanceof Error && (e as { code?: unknown }).code === 'ERR_POOL_BUSY';
}

interface Idle {
  sandbox: Sandbox;
  since: number;
}

interface Entry {
  key: string;
  code: string;
  limits: SandboxLimits;
  idle: Idle[];
  busy: number;
  retired: boolean;
  loadError: { error: SandboxLoadError; at: number } | null;
}

/** A runtime lent to one call; `release` hands it back (or disposes it when it broke). */
export class Lease {
  private released = false;
  constructor(
    readonly sandbox: Sandbox,
    private readonly entry: Entry,
    private readonly pool: SandboxPool,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.pool.giveBack(this.entry, this.sandbox);
  }
}

export interface PoolStats {
  keys: number;
  runtimes: number;
  idle: number;
  busy: number;
}

export class SandboxPool {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private waiters: (() => void)[] = [];
  private sweeper: NodeJS.Timeout | null = null;
  private newest: Entry | null = null;

  constructor(private config: PoolConfig = { ...DEFAULT_POOL_CONFIG }) {}

  configure(patch: Partial<PoolConfig>): void {
    this.config = { ...this.config, ...patch };
  }

  /** An idle runtime for the key, without waiting; null when one has to be created or waited for. */
  tryAcquire(key: string, code: string, limits: SandboxLimits): Lease | null {
    const entry = this.entryFor(key, code, limits);
    if (entry.loadError && Date.now() - entry.loadError.at < this.config.loadErrorTtlMs) throw entry.loadError.error;
    const idle = entry.idle.pop();
    if (!idle) return null;
    entry.busy++;
    return this.lease(entry, idle.sandbox);
  }

  async acquire(key: string, code: string, limits: SandboxLimits): Promise<Lease> {
    const waitUntil = Date.now() + this.config.maxQueueWaitMs;
    for (;;) {
      // Looked up on every pass: while this call waited, its entry may have been swept or retired.
      const entry = this.entryFor(key, code, limits);
      if (entry.loadError && Date.now() - entry.loadError.at < this.config.loadErrorTtlMs) throw entry.loadError.error;
      const idle = entry.idle.pop();
      if (idle) {
        entry.busy++;
        return this.lease(entry, idle.sandbox);
      }
      if (entry.busy < this.config.maxPerKey) {
        if (this.total >= this.config.maxRuntimes) this.evictOneIdle();
        if (this.total < this.config.maxRuntimes) return this.create(entry);
      }
      const left = waitUntil - Date.now();
      if (left <= 0 || !(await this.waitForRelease(left))) {
        throw new PoolBusyError('Every function runtime is busy; the call was not started.');
      }
    }
  }

  private entryFor(key: string, code: string, limits: SandboxLimits): Entry {
    let entry = this.entries.get(key);
    // Already the most recently used key (a run of events for one function): nothing to reorder.
    if (entry && entry === this.newest && entry.code === code) return entry;
    if (entry && entry.code !== code) {
      // Same key, different code: the version id was reused. Never run stale code for it.
      this.retire(entry);
      entry = undefined;
    }
    if (!entry) {
      entry = { key, code, limits, idle: [], busy: 0, retired: false, loadError: null };
    } else {
      this.entries.delete(key);
    }
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.entries.set(key, entry);
    this.newest = entry;
    this.startSweeper();
    return entry;
  }

  private async create(entry: Entry): Promise<Lease> {
    entry.busy++;
    this.total++;
    try {
      return this.lease(entry, await Sandbox.create(entry.code, entry.limits));
    } catch (e) {
      entry.busy--;
      this.total--;
      if (isSandboxLoadError(e)) entry.loadError = { error: e, at: Date.now() };
      this.wake();
      throw e;
    }
  }

  private lease(entry: Entry, sandbox: Sandbox): Lease {
    return new Lease(sandbox, entry, this);
  }

  /** @internal Called by Lease#release. */
  giveBack(entry: Entry, sandbox: Sandbox): void {
    entry.busy--;
    if (sandbox.broken || entry.retired || this.entries.get(entry.key) !== entry) {
      sandbox.dispose();
      this.total--;
    } else {
      entry.idle.push({ sandbox, since: Date.now() });
    }
    this.wake();
  }

  private waitForRelease(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }

  /** Every waiter re-checks after any release; the queues are short, so fairness costs nothing here. */
  private wake(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private evictOneIdle(): void {
    for (const entry of this.entries.values()) {
      const oldest = entry.idle.shift();
      if (oldest) {
        oldest.sandbox.dispose();
        this.total--;
        if (entry.idle.length === 0 && entry.busy === 0 && !entry.loadError) this.entries.delete(entry.key);
        return;
      }
    }
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    for (const { sandbox } of entry.idle) sandbox.dispose();
    this.total -= entry.idle.length;
    entry.idle = [];
    this.entries.delete(entry.key);
  }

  /** Drops idle runtimes older than the TTL and forgets keys with nothing left. */
  sweep(now = Date.now()): void {
    for (const entry of [...this.entries.values()]) {
      const keep = entry.idle.filter((i) => now - i.since < this.config.idleTtlMs);
      for (const i of entry.idle) if (!keep.includes(i)) i.sandbox.dispose();
      this.total -= entry.idle.length - keep.length;
      entry.idle = keep;
      const errorLive = entry.loadError !== null && now - entry.loadError.at < this.config.loadErrorTtlMs;
      if (keep.length === 0 && entry.busy === 0 && !errorLive) this.entries.delete(entry.key);
    }
    if (this.entries.size === 0) this.stopSweeper();
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const every = Math.max(1_000, Math.min(30_000, Math.floor(this.config.idleTtlMs / 2)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  stats(): PoolStats {
    let idle = 0;
    let busy = 0;
    for (const e of this.entries.values()) {
      idle += e.idle.length;
      busy += e.busy;
    }
    return { keys: this.entries.size, runtimes: this.total, idle, busy };
  }

  /** Disposes every idle runtime and forgets every key; runtimes in use are disposed when released. */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.retire(entry);
    this.stopSweeper();
    this.wake();
  }
}
