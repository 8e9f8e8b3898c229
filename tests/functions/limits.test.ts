// Every limit fails only the call that breached it, with a clear reason, and the same function's
// next call runs on a fresh runtime; other functions are unaffected.
import { afterAll, describe, expect, it } from 'vitest';
import { clearSandboxPool, runFunction, sandboxPoolStats } from '@/lib/server/functions/sandbox';
import { deploy, track } from '@/tests/functions/support';

afterAll(() => clearSandboxPool());

// Each function's onIdentify is the "next call": it must succeed after onTrack breached a limit.
const withRecovery = (body: string) =>
  deploy(`
    let loaded = 0;
    loaded++;
    async function onTrack(event) { ${body} }
    function onIdentify() { return { fresh: loaded === 1, ok: true } }
  `);

async function expectBreachThenRecovery(body: string, errorType: string, message: string | RegExp, limits = {}) {
  const fn = withRecovery(body);
  const started = Date.now();
  const breach = await runFunction(fn(track(), {}, { limits }));
  expect(breach.outcome).toBe('failed');
  expect(breach.errorType).toBe(errorType);
  if (typeof message === 'string') expect(breach.message).toBe(message);
  else expect(breach.message).toMatch(message);
  const next = await runFunction(fn({ type: 'identify' }));
  expect(next).toMatchObject({ outcome: 'ok', returned: { fresh: true, ok: true } });
  return { breach, elapsedMs: Date.now() - started };
}

describe('limits', () => {
  it('stops an infinite loop at the deadline', async () => {
    const { elapsedMs } = await expectBreachThenRecovery(
      'while (true) {}',
      'TimeLimit',
      'Function exceeded its 300 ms time limit',
      { timeoutMs: 300 },
    );
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('stops a loop that catches everything (the interrupt cannot be caught)', async () => {
    await expectBreachThenRecovery(
      'for (;;) { try { while (true) {} } catch (e) { /* swallowed */ } }',
      'TimeLimit',
      'Function exceeded its 300 ms time limit',
      { timeoutMs: 300 },
    );
  });

  it('stops an infinite loop inside a promise job and a timer callback', async () => {
    await expectBreachThenRecovery('await null; while (true) {}', 'TimeLimit', /time limit/, { timeoutMs: 300 });
    await expectBreachThenRecovery(
      'await new Promise((resolve) => setTimeout(() => { while (true) {} }, 10));',
      'TimeLimit',
      /time limit/,
      { timeoutMs: 300 },
    );
  });

  it('waits for a timer no longer than the deadline', async () => {
    const { elapsedMs } = await expectBreachThenRecovery(
      'await new Promise((resolve) => setTimeout(resolve, 60000)); return 1',
      'TimeLimit',
      'Function exceeded its 400 ms time limit',
      { timeoutMs: 400 },
    );
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('stops a memory bomb at the heap limit', async () => {
    await expectBreachThenRecovery(
      'const keep = []; for (;;) keep.push("x".repeat(1 << 20) + keep.length);',
      'MemoryLimit',
      'Function exceeded its 16 MB memory limit',
      { memoryBytes: 16 * 1024 * 1024 },
    );
    await expectBreachThenRecovery(
      'const a = []; for (;;) a.push({ n: a.length, pad: [1, 2, 3] });',
      'MemoryLimit',
      'Function exceeded its 64 MB memory limit',
    );
  });

  it('stops deep recursion, in JavaScript and inside native JSON', async () => {
    await expectBreachThenRecovery(
      'function f(n) { return f(n + 1) + 1 } return f(0);',
      'StackLimit',
      /maximum call stack depth/,
    );
    await expectBreachThenRecovery(
      'const deep = "[".repeat(200000) + "]".repeat(200000); return JSON.parse(deep).length;',
      'StackLimit',
      /maximum call stack depth/,
    );
  });

  it('rejects return values that are not JSON', async () => {
    await expectBreachThenRecovery(
      'return () => 1;',
      'InvalidReturn',
      'The returned value is not JSON-serialisable: a function has no JSON form',
    );
    await expectBreachThenRecovery(
      'const a = {}; a.self = a; return a;',
      'InvalidReturn',
      /not JSON-serialisable: .*circular/i,
    );
    await expectBreachThenRecovery('return { n: 10n };', 'InvalidReturn', /not JSON-serialisable: .*BigInt/i);
    await expectBreachThenRecovery('return Symbol("s");', 'InvalidReturn', /not JSON-serialisable/);
  });

  it('rejects a return value over 32 KB, up to 1 MB and beyond', async () => {
    await expectBreachThenRecovery(
      'return { big: "x".repeat(40000) };',
      'OutputLimit',
      'The returned value is 40010 bytes of JSON; the limit is 32768 bytes',
    );
    await expectBreachThenRecovery(
      'return "y".repeat(1024 * 1024);',
      'OutputLimit',
      /^The returned value is 1048578 bytes of JSON/,
    );
    // Multi-byte characters count as the UTF-8 bytes they become.
    await expectBreachThenRecovery(
      'return "é".repeat(20000);',
      'OutputLimit',
      'The returned value is 40002 bytes of JSON; the limit is 32768 bytes',
    );
  });

  it('reports a promise that can never settle instead of waiting for the deadline', async () => {
    const { elapsedMs } = await expectBreachThenRecovery(
      'await new Promise(() => {}); return 1',
      'NeverSettled',
      /never settled/,
    );
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('limits code that loops at load time', async () => {
    const fn = deploy('while (true) {}\nfunction onTrack() { return 1 }');
    const r = await runFunction(fn(track(), {}, { limits: { timeoutMs: 300 } }));
    expect(r).toMatchObject({
      outcome: 'failed',
      errorType: 'TimeLimit',
      message: 'Function exceeded its 300 ms time limit while loading',
    });
  });

  it('refuses an event larger than the input limit', async () => {
    const fn = deploy('function onTrack(e) { return 1 }');
    const r = await runFunction(fn(track({ blob: 'z'.repeat(5000) }), {}, { limits: { maxInputBytes: 4096 } }));
    expect(r.outcome).toBe('failed');
    expect(r.errorType).toBe('InputLimit');
    expect(r.message).toMatch(/^The event and settings are \d+ bytes of JSON; the limit is 4096 bytes$/);
  });

  it('keeps other functions running while one breaches its limits', async () => {
    const healthy = deploy('let n = 0; function onTrack() { return ++n }');
    const looping = deploy('function onTrack() { while (true) {} }');
    expect((await runFunction(healthy(track()))).returned).toBe(1);
    const [bad, good] = await Promise.all([
      runFunction(looping(track(), {}, { limits: { timeoutMs: 300 } })),
      runFunction(healthy(track())),
    ]);
    expect(bad.errorType).toBe('TimeLimit');
    expect(good.returned).toBe(2);
    // The healthy function's runtime was reused throughout: its state survived.
    expect((await runFunction(healthy(track()))).returned).toBe(3);
    expect(sandboxPoolStats().busy).toBe(0);
  });
});
