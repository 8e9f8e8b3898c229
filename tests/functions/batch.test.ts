// runMany, the delivery worker's path: many events of one function through one runtime, with
// every guarantee of runFunction kept per event (outcome, copies, logs, fetches, limits).
import { describe, expect, it } from 'vitest';
import { runFunction, runMany, sandboxPoolStats, type RunInput, type RunResult } from '@/lib/server/functions/sandbox';
import { batchOf, deploy, track, useLoopbackSink } from '@/tests/functions/support';

const sink = useLoopbackSink({ clearPool: true });

/** A result without its timing, for comparing two runs of the same event. */
function timeless(r: RunResult): Omit<RunResult, 'durationMs'> {
  const { durationMs, ...rest } = r;
  expect(durationMs).toBeGreaterThanOrEqual(0);
  return rest;
}

const input = (fn: ReturnType<typeof deploy>, settings: Record<string, unknown> = {}, extra: Partial<RunInput> = {}) =>
  batchOf(fn(track(), settings, extra));

const OUTCOMES = `
  class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
  async function onTrack(event, settings) {
    const p = event.properties;
    switch (p.case) {
      case 'ok': return { n: p.n, s: settings.label };
      case 'sync-ok': return p.n;
      case 'retry': throw new RetryError('try later ' + p.n);
      case 'drop': throw new DropEvent('not this one');
      case 'unsupported': throw new EventNotSupported('nope');
      case 'invalid': throw new ValidationError('bad email');
      case 'type-error': return null.x;
      case 'undefined': return undefined;
      case 'await': await null; await Promise.resolve(); return { awaited: p.n };
      case 'thenable': return { then(resolve) { resolve({ thenable: p.n }); } };
      case 'not-json': return () => 1;
      case 'big': return { big: 'x'.repeat(40000) };
      case 'never': await new Promise(() => {}); return 1;
      case 'reject-later': await null; throw new RetryError('later');
    }
    return { fell: p.case };
  }
  function onIdentify(event) { return { id: event.userId }; }
`;

describe('runMany', () => {
  it('answers every event as runFunction does, in order', async () => {
    const fn = deploy(OUTCOMES);
    const cases = [
      'ok',
      'sync-ok',
      'retry',
      'drop',
      'unsupported',
      'invalid',
      'type-error',
      'undefined',
      'await',
      'thenable',
      'not-json',
      'big',
      'never',
      'reject-later',
      'ok',
    ];
    const events: Record<string, unknown>[] = cases.map((c, n) => track({ case: c, n }));
    events.push({ type: 'identify', userId: 'u-1' }, { type: 'page' }, { type: 'nope' }, { no: 'type' });
    const settings = { label: 'L' };
    const batch = await runMany(input(fn, settings), events);
    const single = [];
    for (const e of events) single.push(await runFunction(fn(e, settings)));
    expect(batch).toHaveLength(events.length);
    expect(batch.map(timeless)).toEqual(single.map(timeless));
    expect(batch.map((r) => [r.outcome, r.errorType])).toEqual([
      ['ok', undefined],
      ['ok', undefined],
      ['retry', 'RetryError'],
      ['dropped', 'DropEvent'],
      ['dropped', 'EventNotSupported'],
      ['failed', 'ValidationError'],
      ['failed', 'TypeError'],
      ['ok', undefined],
      ['ok', undefined],
      ['ok', undefined],
      ['failed', 'InvalidReturn'],
      ['failed', 'OutputLimit'],
      ['failed', 'NeverSettled'],
      ['retry', 'RetryError'],
      ['ok', undefined],
      ['ok', undefined],
      ['not_supported', undefined],
      ['not_supported', undefined],
      ['not_supported', undefined],
    ]);
    expect(batch[0]!.returned).toEqual({ n: 0, s: 'L' });
    expect(batch[8]!.returned).toEqual({ awaited: 8 });
    expect(batch[9]!.returned).toEqual({ thenable: 9 });
    expect(sandboxPoolStats().busy).toBe(0);
  });

  it('maps insert-function returns per event', async () => {
    const fn = deploy(
      `function onTrack(event) { const c = event.properties.case; return c === 'drop' ? null : c === 'array' ? [1] : { ...event, seen: true }; }`,
      'insert',
    );
    const r = await runMany(input(fn), [track({ case: 'keep' }), track({ case: 'drop' }), track({ case: 'array' })]);
    expect(r.map((x) => [x.outcome, x.errorType])).toEqual([
      ['ok', undefined],
      ['dropped', undefined],
      ['failed', 'InvalidReturn'],
    ]);
    expect(r[0]!.returned).toMatchObject({ seen: true, properties: { case: 'keep' } });
  });

  it('gives every event a fresh copy of the event and the settings', async () => {
    const fn = deploy(`function onTrack(event, settings) {
      const before = { counter: settings.counter, tag: event.properties.tag, list: settings.list.length };
      settings.counter++;
      settings.list.push('x');
      event.properties.tag = 'changed';
      Object.prototype.polluted = true;
      return before;
    }`);
    const shared = track({ tag: 'original' });
    const r = await runMany(input(fn, { counter: 1, list: [] }), [shared, shared, shared]);
    expect(r.map((x) => x.returned)).toEqual([
      { counter: 1, tag: 'original', list: 0 },
      { counter: 1, tag: 'original', list: 0 },
      { counter: 1, tag: 'original', list: 0 },
    ]);
    // The caller's objects are untouched, and no prototype pollution reaches the host.
    expect(shared.properties).toEqual({ tag: 'original' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('copies flat settings per event exactly as a fresh parse would', async () => {
    const fn = deploy(`
      // A setter planted on the runtime's own Object.prototype must not see the copy being made.
      let setterCalls = 0;
      Object.defineProperty(Object.prototype, 'secret', { set() { setterCalls++; }, configurable: true });
      function onTrack(event, settings) {
        const seen = { keys: Object.keys(settings), own: Object.hasOwn(settings, 'secret'), secret: settings.secret,
          proto: Object.getPrototypeOf(settings) === Object.prototype, ownProto: Object.hasOwn(settings, '__proto__'),
          n: settings.n, flag: settings.flag, none: settings.none, setterCalls };
        settings.n++;
        settings.secret = 'changed';
        delete settings.flag;
        return seen;
      }`);
    const settings = JSON.parse('{"secret": "s3", "n": 1, "flag": true, "none": null, "2": "two", "__proto__": "p"}');
    const single = await runFunction(fn(track(), settings));
    const r = await runMany(input(fn, settings), [track(), track(), track()]);
    const expected = {
      keys: ['2', 'secret', 'n', 'flag', 'none', '__proto__'],
      own: true,
      secret: 's3',
      proto: true,
      ownProto: true,
      n: 1,
      flag: true,
      none: null,
      setterCalls: 0,
    };
    expect(single.returned).toEqual(expected);
    for (const x of r) expect(x.returned).toEqual(expected);
  });

  it('drops __proto__ keys from every returned value', async () => {
    const fn = deploy(
      `function onTrack(e) { return JSON.parse('{"__proto__": {"admin": true}, "n": ' + e.properties.n + '}'); }`,
    );
    const r = await runMany(input(fn), [track({ n: 1 }), track({ n: 2 })]);
    for (const [i, x] of r.entries()) {
      expect(x.returned).toEqual({ n: i + 1 });
      expect((x.returned as { admin?: unknown }).admin).toBeUndefined();
      expect(Object.getPrototypeOf(x.returned)).toBe(Object.prototype);
    }
  });

  it("keeps each event's logs with that event: before and after awaits, and from reactions it left queued", async () => {
    const fn = deploy(`async function onTrack(event) {
      const n = event.properties.n;
      console.log('start', n);
      if (n % 2 === 0) { await null; console.warn('after await', n); }
      if (n % 3 === 0) Promise.resolve().then(() => console.error('queued', n));
      if (n === 4) await new Promise((resolve) => setTimeout(resolve, 20)).then(() => console.info('timer', n));
      return n;
    }`);
    const r = await runMany(
      input(fn),
      Array.from({ length: 7 }, (_, n) => track({ n })),
    );
    const expected = (n: number) => {
      const lines = [{ level: 'log', message: `start ${n}` }];
      if (n % 2 === 0) lines.push({ level: 'warn', message: `after await ${n}` });
      if (n % 3 === 0) lines.push({ level: 'error', message: `queued ${n}` });
      if (n === 4) lines.push({ level: 'info', message: `timer ${n}` });
      return lines;
    };
    expect(r.map((x) => x.logs)).toEqual(Array.from({ length: 7 }, (_, n) => expected(n)));
    expect(r.map((x) => x.returned)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('caps console output per event, not per batch', async () => {
    const fn = deploy(
      `function onTrack(event) { for (let i = 0; i < event.properties.lines; i++) console.log('line', i); }`,
    );
    const r = await runMany(input(fn, {}, { limits: { maxLogLines: 5 } }), [
      track({ lines: 20 }),
      track({ lines: 3 }),
      track({ lines: 5 }),
    ]);
    expect(r.map((x) => [x.logs.length, x.logsTruncated])).toEqual([
      [5, true],
      [3, false],
      [5, false],
    ]);
    expect(r[1]!.logs.map((l) => l.message)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('fails only the event that loops forever; the other 49 succeed, within bounded time', async () => {
    const fn = deploy(`
      let calls = 0;
      function onTrack(event) {
        calls++;
        if (event.properties.n === 20) while (true) {}
        return { n: event.properties.n, calls };
      }`);
    const events = Array.from({ length: 50 }, (_, n) => track({ n }));
    const started = Date.now();
    const r = await runMany(input(fn, {}, { limits: { timeoutMs: 300 } }), events);
    const elapsed = Date.now() - started;
    expect(r[20]).toMatchObject({
      outcome: 'failed',
      errorType: 'TimeLimit',
      message: 'Function exceeded its 300 ms time limit',
    });
    const others = r.filter((_, n) => n !== 20);
    expect(others.every((x) => x.outcome === 'ok')).toBe(true);
    expect(others.map((x) => (x.returned as { n: number }).n)).toEqual(events.map((_, n) => n).filter((n) => n !== 20));
    // Events before the breach ran once, in the first runtime; the rest on a fresh one (its
    // counter restarted). Nothing ran twice.
    expect(r.slice(0, 20).map((x) => (x.returned as { calls: number }).calls)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(r.slice(21).map((x) => (x.returned as { calls: number }).calls)).toEqual(
      Array.from({ length: 29 }, (_, i) => i + 1),
    );
    expect(elapsed).toBeLessThan(3000);
    expect(sandboxPoolStats().busy).toBe(0);
    // The function keeps working afterwards.
    expect((await runMany(input(fn), [track({ n: 1 })]))[0]!.outcome).toBe('ok');
  });

  it('resumes after a breach at the right event when events without a handler sit in between', async () => {
    const fn = deploy(
      `function onTrack(event) { if (event.properties.n === 0) while (true) {} return event.properties.n; }`,
    );
    const r = await runMany(input(fn, {}, { limits: { timeoutMs: 300 } }), [
      track({ n: 0 }),
      { type: 'page' },
      track({ n: 1 }),
      { type: 'page' },
      track({ n: 2 }),
    ]);
    expect(r.map((x) => [x.outcome, x.errorType ?? x.returned])).toEqual([
      ['failed', 'TimeLimit'],
      ['not_supported', undefined],
      ['ok', 1],
      ['not_supported', undefined],
      ['ok', 2],
    ]);
  });

  it('moves to a fresh runtime when the last event of a chunk breaks it', async () => {
    // Two events too large to share a chunk: the first breaks its runtime at the end of its chunk.
    const fn = deploy(`let calls = 0;
      function onTrack(event) { calls++; if (event.properties.n === 0) { const f = (n) => f(n + 1) + 1; return f(0); } return calls; }`);
    const pad = 'p'.repeat(200_000);
    const r = await runMany(input(fn), [track({ n: 0, pad }), track({ n: 1, pad })]);
    expect(r[0]).toMatchObject({ outcome: 'failed', errorType: 'StackLimit' });
    expect(r[1]).toMatchObject({ outcome: 'ok', returned: 1 });
  });

  it('gives every event its own deadline: the batch may take longer than one', async () => {
    const fn = deploy(
      `function onTrack(event) { const end = Date.now() + 150; while (Date.now() < end) {} return event.properties.n; }`,
    );
    const r = await runMany(
      input(fn, {}, { limits: { timeoutMs: 400 } }),
      Array.from({ length: 5 }, (_, n) => track({ n })),
    );
    expect(r.map((x) => x.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    for (const x of r) expect(x.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('fails only the event that breaches the memory or stack limit', async () => {
    const fn = deploy(`function onTrack(event) {
      const c = event.properties.case;
      if (c === 'memory') { const keep = []; for (;;) keep.push('x'.repeat(1 << 20) + keep.length); }
      if (c === 'stack') { const f = (n) => f(n + 1) + 1; return f(0); }
      return c;
    }`);
    const events = ['a', 'memory', 'b', 'stack', 'c'].map((c) => track({ case: c }));
    const r = await runMany(input(fn, {}, { limits: { memoryBytes: 16 * 1024 * 1024 } }), events);
    expect(r.map((x) => [x.outcome, x.errorType ?? x.returned])).toEqual([
      ['ok', 'a'],
      ['failed', 'MemoryLimit'],
      ['ok', 'b'],
      ['failed', 'StackLimit'],
      ['ok', 'c'],
    ]);
    expect(r[1]!.message).toBe('Function exceeded its 16 MB memory limit');
  });

  it('fails only the event whose answer cannot be formatted within the deadline (async and sync handlers)', async () => {
    const fn = deploy(`
      async function onTrack(event) { return event.properties.n === 1 ? { toJSON() { while (true) {} } } : event.properties.n; }
      function onIdentify(event) { return event.traits.n === 1 ? { toJSON() { while (true) {} } } : event.traits.n; }`);
    const r = await runMany(input(fn, {}, { limits: { timeoutMs: 300 } }), [
      track({ n: 0 }),
      track({ n: 1 }),
      track({ n: 2 }),
      { type: 'identify', traits: { n: 0 } },
      { type: 'identify', traits: { n: 1 } },
      { type: 'identify', traits: { n: 2 } },
    ]);
    expect(r.map((x) => [x.outcome, x.errorType ?? x.returned])).toEqual([
      ['ok', 0],
      ['failed', 'TimeLimit'],
      ['ok', 2],
      ['ok', 0],
      ['failed', 'TimeLimit'],
      ['ok', 2],
    ]);
  });

  it('runs events one by one when the batch itself cannot enter the runtime', async () => {
    // Nested deeper than QuickJS's JSON parser can follow within the stack limit: parsing the
    // batch fails, so each event runs alone and only the deep one fails.
    const fn = deploy(`function onTrack(event) { return event.properties.n; }`);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const events = [track({ n: 0 }), track({ n: 1, deep }), track({ n: 2 })];
    const single = await runFunction(fn(events[1]!));
    const r = await runMany(input(fn), events);
    expect(r[1]!.outcome).toBe(single.outcome);
    expect(r[1]!.errorType).toBe(single.errorType);
    expect(r[0]).toMatchObject({ outcome: 'ok', returned: 0 });
    expect(r[2]).toMatchObject({ outcome: 'ok', returned: 2 });
  });

  it('refuses an event over the input limit and runs the rest', async () => {
    const fn = deploy('function onTrack(e) { return e.properties.n }');
    const r = await runMany(input(fn, {}, { limits: { maxInputBytes: 4096 } }), [
      track({ n: 0 }),
      track({ n: 1, blob: 'z'.repeat(5000) }),
      track({ n: 2 }),
    ]);
    expect(r.map((x) => [x.outcome, x.errorType ?? x.returned])).toEqual([
      ['ok', 0],
      ['failed', 'InputLimit'],
      ['ok', 2],
    ]);
  });

  it('answers code that does not load for every event', async () => {
    const fn = deploy('function onTrack( {');
    const r = await runMany(input(fn), [track(), track(), { type: 'nope' }]);
    expect(r.map((x) => [x.outcome, x.errorType])).toEqual([
      ['failed', 'LoadError'],
      ['failed', 'LoadError'],
      ['not_supported', undefined],
    ]);
  });

  it('takes large batches in chunks, in order', async () => {
    const fn = deploy('let calls = 0; function onTrack(e) { calls++; return [e.properties.n, calls]; }');
    const events = Array.from({ length: 1200 }, (_, n) => track({ n, pad: 'p'.repeat(n % 7 === 0 ? 3000 : 10) }));
    const r = await runMany(input(fn), events);
    expect(r.map((x) => (x.returned as number[])[0])).toEqual(events.map((_, n) => n));
    // One runtime served them all, in order.
    expect(r.map((x) => (x.returned as number[])[1])).toEqual(events.map((_, n) => n + 1));
  });

  it('answers an empty batch, and no batch at all, with no results', async () => {
    const fn = deploy('function onTrack() { return 1 }');
    expect(await runMany(input(fn), [])).toEqual([]);
    expect(await runMany(input(fn), undefined as unknown as Record<string, unknown>[])).toEqual([]);
  });

  it('fetches inside a batch: each request once, each record and log with its own event', async () => {
    sink.setHandler((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`got ${req.body}`);
    });
    const before = sink.requests.length;
    const fn = deploy(`async function onTrack(event, settings) {
      const n = event.properties.n;
      if (n % 3 === 0) {
        const res = await fetch(settings.url + '/e/' + n, { method: 'POST', body: String(n) });
        const text = await res.text();
        console.log('fetched', n, text);
        return { n, status: res.status, text };
      }
      console.log('plain', n);
      return { n };
    }`);
    const events = Array.from({ length: 10 }, (_, n) => track({ n }));
    const r = await runMany(input(fn, { url: sink.url }), events);
    const fetching = [0, 3, 6, 9];
    expect(sink.requests.slice(before).map((q) => [q.method, q.url, q.body])).toEqual(
      fetching.map((n) => ['POST', `/e/${n}`, String(n)]),
    );
    for (const [n, x] of r.entries()) {
      expect(x.outcome).toBe('ok');
      if (fetching.includes(n)) {
        expect(x.returned).toEqual({ n, status: 200, text: `got ${n}` });
        expect(x.fetches).toMatchObject([{ method: 'POST', url: `${sink.url}/e/${n}`, status: 200 }]);
        expect(x.logs).toEqual([{ level: 'log', message: `fetched ${n} got ${n}` }]);
      } else {
        expect(x.returned).toEqual({ n });
        expect(x.fetches).toEqual([]);
        expect(x.logs).toEqual([{ level: 'log', message: `plain ${n}` }]);
      }
    }
  });

  it('keeps the fetch count, the SSRF guard and the per-event deadline per event', async () => {
    sink.setHandler((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.end('ok');
    });
    const fn = deploy(`async function onTrack(event, settings) {
      const c = event.properties.case;
      try {
        if (c === 'metadata') await fetch('http://169.254.169.254/latest/meta-data');
        if (c === 'slow') await fetch(settings.url + '/slow');
        if (c === 'two') { await fetch(settings.url + '/a'); await fetch(settings.url + '/b'); }
      } catch (error) {
        throw new RetryError(error.message);
      }
      return c;
    }`);
    const r = await runMany(input(fn, { url: sink.url }, { limits: { timeoutMs: 400, maxFetches: 2 } }), [
      track({ case: 'two' }),
      track({ case: 'metadata' }),
      track({ case: 'two' }),
      track({ case: 'slow' }),
      track({ case: 'two' }),
    ]);
    expect(r.map((x) => [x.outcome, x.errorType ?? x.returned, x.fetches.length])).toEqual([
      ['ok', 'two', 2],
      ['failed', 'FetchRefused', 1],
      ['ok', 'two', 2],
      ['failed', 'TimeLimit', 1],
      ['ok', 'two', 2],
    ]);
    expect(r[3]!.fetches[0]!.error).toMatch(/^(No response within \d+ ms|cancelled: the call ended)/);
  });

  it('runs concurrent batches of one function side by side', async () => {
    sink.setHandler((_req, res) => {
      setTimeout(() => res.end('ok'), 150);
    });
    const fn = deploy(
      `async function onTrack(event, settings) { await fetch(settings.url); return event.properties.n; }`,
    );
    const pair = () =>
      Promise.all([
        runMany(input(fn, { url: sink.url }), [track({ n: 1 }), track({ n: 2 })]),
        runMany(input(fn, { url: sink.url }), [track({ n: 3 }), track({ n: 4 })]),
      ]);
    await pair(); // two runtimes now exist for the function
    const started = Date.now();
    const [a, b] = await pair();
    expect(a.map((x) => x.returned)).toEqual([1, 2]);
    expect(b.map((x) => x.returned)).toEqual([3, 4]);
    // One after the other would take four responses (600 ms); side by side, two.
    expect(Date.now() - started).toBeLessThan(520);
    expect(sandboxPoolStats().busy).toBe(0);
  });
});
