// Runtime reuse, keys, eviction, idle expiry and the per-key concurrency bound.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  clearSandboxPool,
  configureSandboxPool,
  DEFAULT_POOL_CONFIG,
  runFunction,
  sandboxPoolStats,
} from '@/lib/server/functions/sandbox';
import { SandboxPool } from '@/lib/server/functions/sandbox/pool';
import { resolveLimits } from '@/lib/server/functions/sandbox/limits';
import { deploy, track } from '@/tests/functions/support';

const COUNTER = 'let calls = 0; function onTrack() { return ++calls }';

afterEach(() => {
  configureSandboxPool({ ...DEFAULT_POOL_CONFIG });
  clearSandboxPool();
});
afterAll(() => clearSandboxPool());

describe('pool', () => {
  it('reuses one loaded runtime across calls of a function', async () => {
    const fn = deploy(COUNTER);
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await runFunction(fn(track()))).returned);
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(sandboxPoolStats()).toMatchObject({ keys: 1, runtimes: 1, idle: 1, busy: 0 });
  });

  it('keys runtimes by version and instance; new code under a reused version id gets a new runtime', async () => {
    const a = deploy(COUNTER, 'destination', 'A');
    await runFunction(a(track()));
    expect((await runFunction(a(track()))).returned).toBe(2);
    expect((await runFunction({ ...a(track()), instanceKey: 'B' })).returned).toBe(1);
    const changed = { ...a(track()), code: 'let calls = 100; function onTrack() { return ++calls }' };
    expect((await runFunction(changed)).returned).toBe(101);
    expect(sandboxPoolStats().keys).toBe(2);
  });

  it('remembers code that fails to load instead of recompiling it for every event', async () => {
    const fn = deploy('function onTrack( {');
    const first = await runFunction(fn(track()));
    expect(first).toMatchObject({ outcome: 'failed', errorType: 'LoadError' });
    expect(first.message).toMatch(/^The code failed to load: SyntaxError: .+ \(line 1, column \d+\)$/);
    const second = await runFunction(fn(track()));
    expect(second).toMatchObject({ outcome: 'failed', errorType: 'LoadError', message: first.message });
    expect(second.durationMs).toBeLessThan(first.durationMs);
    expect(sandboxPoolStats().runtimes).toBe(0);
  });

  it('evicts the least recently used idle runtime when the pool is full', async () => {
    configureSandboxPool({ maxRuntimes: 3 });
    const fns = Array.from({ length: 5 }, () => deploy(COUNTER));
    for (const fn of fns) {
      await runFunction(fn(track()));
      await runFunction(fn(track()));
    }
    expect(sandboxPoolStats().runtimes).toBe(3);
    // The last three kept their state; the first was evicted and starts again.
    expect((await runFunction(fns[4]!(track()))).returned).toBe(3);
    expect((await runFunction(fns[0]!(track()))).returned).toBe(1);
    expect(sandboxPoolStats().runtimes).toBe(3);
  });

  it('runs at most maxPerKey calls of one key at once and queues the rest', async () => {
    configureSandboxPool({ maxPerKey: 2 });
    const fn = deploy(`async function onTrack(event) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return event.properties.n;
    }`);
    const started = Date.now();
    const results = await Promise.all([1, 2, 3, 4].map((n) => runFunction(fn(track({ n })))));
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.returned)).toEqual([1, 2, 3, 4]);
    // Two waves of two: at least 2 × 200 ms, and exactly two runtimes for the key.
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(sandboxPoolStats()).toMatchObject({ runtimes: 2, busy: 0 });
  });

  it('answers retry when no runtime frees up within the queue wait', async () => {
    configureSandboxPool({ maxPerKey: 1, maxQueueWaitMs: 100 });
    const fn = deploy(
      `async function onTrack() { await new Promise((resolve) => setTimeout(resolve, 600)); return 'done' }`,
    );
    const [first, second] = await Promise.all([runFunction(fn(track())), runFunction(fn(track()))]);
    expect(first).toMatchObject({ outcome: 'ok', returned: 'done' });
    expect(second).toMatchObject({ outcome: 'retry', errorType: 'RuntimeBusy' });
  });

  it('drops idle runtimes after the idle TTL', async () => {
    const pool = new SandboxPool({ ...DEFAULT_POOL_CONFIG, idleTtlMs: 1_000 });
    const limits = resolveLimits();
    const a = await pool.acquire('a', COUNTER, limits);
    const b = await pool.acquire('b', COUNTER, limits);
    a.release();
    b.release();
    expect(pool.stats()).toMatchObject({ keys: 2, runtimes: 2, idle: 2 });
    pool.sweep(Date.now() + 500);
    expect(pool.stats().runtimes).toBe(2);
    pool.sweep(Date.now() + 5_000);
    expect(pool.stats()).toMatchObject({ keys: 0, runtimes: 0, idle: 0 });
    pool.clear();
  });
});
