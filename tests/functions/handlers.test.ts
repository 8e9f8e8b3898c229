// The Functions contract: handlers by event type, sync and async forms, onBatch, insert-function
// semantics, Segment's error classes and their outcomes, and console capture.
import { afterAll, describe, expect, it } from 'vitest';
import { clearSandboxPool, runBatch, runFunction } from '@/lib/server/functions/sandbox';
import { deploy, track } from '@/tests/functions/support';

afterAll(() => clearSandboxPool());

const EVERY_HANDLER = `
async function onTrack(event) { return { handler: 'onTrack', type: event.type } }
async function onIdentify(event) { return { handler: 'onIdentify', type: event.type } }
async function onPage(event) { return { handler: 'onPage', type: event.type } }
async function onScreen(event) { return { handler: 'onScreen', type: event.type } }
async function onGroup(event) { return { handler: 'onGroup', type: event.type } }
async function onAlias(event) { return { handler: 'onAlias', type: event.type } }
async function onDelete(event) { return { handler: 'onDelete', type: event.type } }
`;

describe('handlers', () => {
  it('routes every event type to its handler', async () => {
    const fn = deploy(EVERY_HANDLER);
    const pairs = [
      ['track', 'onTrack'],
      ['identify', 'onIdentify'],
      ['page', 'onPage'],
      ['screen', 'onScreen'],
      ['group', 'onGroup'],
      ['alias', 'onAlias'],
      ['delete', 'onDelete'],
    ];
    for (const [type, handler] of pairs) {
      const r = await runFunction(fn({ type }));
      expect(r.outcome).toBe('ok');
      expect(r.returned).toEqual({ handler, type });
    }
  });

  it('runs synchronous handlers, arrow-function handlers and top-level const handlers', async () => {
    const fn = deploy(`
      function onTrack(event, settings) { return { sum: event.properties.a + settings.b } }
      const onIdentify = (event) => ({ arrow: event.userId });
      let onPage = async (event) => { await null; return 'page:' + event.name };
    `);
    expect((await runFunction(fn(track({ a: 2 }), { b: 3 }))).returned).toEqual({ sum: 5 });
    expect((await runFunction(fn({ type: 'identify', userId: 'u1' }))).returned).toEqual({ arrow: 'u1' });
    expect((await runFunction(fn({ type: 'page', name: 'Home' }))).returned).toBe('page:Home');
  });

  it('passes the event and settings as copies: mutating them in one call does not leak into the next', async () => {
    const fn = deploy(`async function onTrack(event, settings) {
      const seen = { n: event.properties.n, flag: settings.flag === undefined ? null : settings.flag };
      event.properties.n = 99; settings.flag = 'mutated';
      return seen;
    }`);
    const event = track({ n: 1 });
    const settings = { secret: 's' };
    expect((await runFunction(fn(event, settings))).returned).toEqual({ n: 1, flag: null });
    expect((await runFunction(fn(event, settings))).returned).toEqual({ n: 1, flag: null });
    expect(event.properties).toEqual({ n: 1 });
    expect(settings).toEqual({ secret: 's' });
  });

  it('reports a missing handler or an unknown event type as not_supported, not as an error', async () => {
    const fn = deploy(`async function onTrack() { return 1 }`);
    const missing = await runFunction(fn({ type: 'identify' }));
    expect(missing).toMatchObject({ outcome: 'not_supported', message: 'The function does not define onIdentify.' });
    expect(missing.errorType).toBeUndefined();
    expect((await runFunction(fn({ type: 'bogus' }))).outcome).toBe('not_supported');
    expect((await runFunction(fn({}))).outcome).toBe('not_supported');
    expect((await runFunction(fn({ type: 'constructor' }))).outcome).toBe('not_supported');
    expect((await runFunction(fn({ type: '__proto__' }))).outcome).toBe('not_supported');
    expect(await runBatch({ ...fn({}), events: 'nope' as unknown as [] })).toMatchObject({
      outcome: 'failed',
      errorType: 'InvalidInput',
    });
    expect((await runBatch({ ...fn({}), events: [] })).outcome).toBe('not_supported');
  });

  it('runs onBatch with the events array', async () => {
    const fn = deploy(`async function onBatch(events, settings) {
      return { count: events.length, types: events.map((e) => e.type), key: settings.key };
    }`);
    const r = await runBatch({ ...fn({}, { key: 'k1' }), events: [track(), { type: 'identify' }, { type: 'page' }] });
    expect(r).toMatchObject({ outcome: 'ok', returned: { count: 3, types: ['track', 'identify', 'page'], key: 'k1' } });
  });

  it('keeps undefined, null and primitive returns of a destination function', async () => {
    const fn = deploy(`
      async function onTrack() {}
      async function onIdentify() { return null }
      function onPage() { return 42 }
    `);
    const none = await runFunction(fn(track()));
    expect(none.outcome).toBe('ok');
    expect('returned' in none).toBe(false);
    expect(await runFunction(fn({ type: 'identify' }))).toMatchObject({ outcome: 'ok', returned: null });
    expect(await runFunction(fn({ type: 'page' }))).toMatchObject({ outcome: 'ok', returned: 42 });
  });
});

describe('insert functions', () => {
  it('returns the transformed event, drops on null or undefined, and rejects a non-event return', async () => {
    const fn = deploy(
      `async function onTrack(event) { event.properties.added = true; delete event.properties.ssn; return event }
       async function onIdentify() { return null }
       async function onPage() {}
       async function onScreen() { return [1, 2] }`,
      'insert',
    );
    const ok = await runFunction(fn(track({ ssn: '123-45-6789', keep: 1 })));
    expect(ok.outcome).toBe('ok');
    expect(ok.returned).toMatchObject({ type: 'track', properties: { keep: 1, added: true } });
    expect((ok.returned as { properties: Record<string, unknown> }).properties).not.toHaveProperty('ssn');
    expect((await runFunction(fn({ type: 'identify' }))).outcome).toBe('dropped');
    expect((await runFunction(fn({ type: 'page' }))).outcome).toBe('dropped');
    expect(await runFunction(fn({ type: 'screen' }))).toMatchObject({ outcome: 'failed', errorType: 'InvalidReturn' });
  });
});

describe('error classes', () => {
  const fn = deploy(`
    async function onTrack(event) {
      const kind = event.properties.kind;
      if (kind === 'retry') throw new RetryError('try later');
      if (kind === 'unsupported') throw new EventNotSupported('no thanks');
      if (kind === 'drop') throw new DropEvent('dropped on purpose');
      if (kind === 'validation') throw new ValidationError('missing email');
      if (kind === 'payload') throw new InvalidEventPayload('bad payload');
      if (kind === 'type') return null.x;
      if (kind === 'string') throw 'a bare string';
      if (kind === 'long') throw new Error('x'.repeat(2000));
      if (kind === 'sync') { (function () { throw new RangeError('sync throw') })() }
      return 'fine';
    }
    function onIdentify() { throw new RetryError('sync retry') }
    function onPage() {
      class RetryError extends Error { constructor(m) { super(m); this.name = 'RetryError' } }
      throw new RetryError('own class of the same name');
    }
    function onScreen() { return [RetryError, EventNotSupported, DropEvent, ValidationError, InvalidEventPayload]
      .map((C) => { const e = new C('m'); return [C.name, e.name, e instanceof Error, e.message] }) }
  `);
  const run = (kind: string) => runFunction(fn(track({ kind })));

  it('defines the five classes as Error subclasses with their names', async () => {
    const r = await runFunction(fn({ type: 'screen' }));
    expect(r.returned).toEqual(
      ['RetryError', 'EventNotSupported', 'DropEvent', 'ValidationError', 'InvalidEventPayload'].map((n) => [
        n,
        n,
        true,
        'm',
      ]),
    );
  });

  it('maps each class to its outcome', async () => {
    expect(await run('retry')).toMatchObject({ outcome: 'retry', errorType: 'RetryError', message: 'try later' });
    expect(await run('unsupported')).toMatchObject({
      outcome: 'dropped',
      errorType: 'EventNotSupported',
      message: 'no thanks',
    });
    expect(await run('drop')).toMatchObject({
      outcome: 'dropped',
      errorType: 'DropEvent',
      message: 'dropped on purpose',
    });
    expect(await run('validation')).toMatchObject({
      outcome: 'failed',
      errorType: 'ValidationError',
      message: 'missing email',
    });
    expect(await run('payload')).toMatchObject({
      outcome: 'failed',
      errorType: 'InvalidEventPayload',
      message: 'bad payload',
    });
    expect(await runFunction(fn({ type: 'identify' }))).toMatchObject({ outcome: 'retry', message: 'sync retry' });
    expect(await runFunction(fn({ type: 'page' }))).toMatchObject({
      outcome: 'retry',
      message: 'own class of the same name',
    });
  });

  it('fails on any other throw and keeps the message, truncated to 500 characters', async () => {
    expect(await run('type')).toMatchObject({
      outcome: 'failed',
      errorType: 'TypeError',
      message: "cannot read property 'x' of null",
    });
    expect(await run('string')).toMatchObject({ outcome: 'failed', errorType: 'Error', message: 'a bare string' });
    expect(await run('sync')).toMatchObject({ outcome: 'failed', errorType: 'RangeError', message: 'sync throw' });
    const long = await run('long');
    expect(long.outcome).toBe('failed');
    expect(long.message).toBe('x'.repeat(500));
    expect(await run('none')).toMatchObject({ outcome: 'ok', returned: 'fine' });
  });
});

describe('console', () => {
  it('captures log levels and formats values instead of printing them', async () => {
    const fn = deploy(`async function onTrack(event) {
      console.log('plain', 1, true, null, undefined, { a: [1, 'two'] });
      console.info('%s has %d items', 'cart', 3);
      console.warn(new TypeError('careful'));
      console.error('err', 10n, Symbol('s'), function named() {});
      console.debug('debug goes to log');
      return 'ok';
    }`);
    const r = await runFunction(fn(track()));
    expect(r.logs).toEqual([
      { level: 'log', message: 'plain 1 true null undefined {"a":[1,"two"]}' },
      { level: 'info', message: 'cart has 3 items' },
      { level: 'warn', message: expect.stringMatching(/^TypeError: careful/) },
      { level: 'error', message: 'err 10n Symbol(s) [Function: named]' },
      { level: 'log', message: 'debug goes to log' },
    ]);
    expect(r.logsTruncated).toBe(false);
  });

  it('caps a call at 100 lines and 8 KB and marks the rest as truncated', async () => {
    const fn = deploy(`
      function onTrack() { for (let i = 0; i < 500; i++) console.log('line ' + i); return 1 }
      function onIdentify() { for (let i = 0; i < 10; i++) console.log('y'.repeat(1000)); return 1 }
      function onPage() { console.log('after'); return 1 }
    `);
    const lines = await runFunction(fn(track()));
    expect(lines.logs).toHaveLength(100);
    expect(lines.logs[99]).toEqual({ level: 'log', message: 'line 99' });
    expect(lines.logsTruncated).toBe(true);
    const bytes = await runFunction(fn({ type: 'identify' }));
    expect(bytes.logs.reduce((n, l) => n + Buffer.byteLength(l.message), 0)).toBe(8 * 1024);
    expect(bytes.logs).toHaveLength(9);
    expect(bytes.logsTruncated).toBe(true);
    // The next call of the same runtime starts with fresh caps.
    expect(await runFunction(fn({ type: 'page' }))).toMatchObject({
      logs: [{ level: 'log', message: 'after' }],
      logsTruncated: false,
    });
  });
});
