// What user code can reach: no host objects, no Node globals, no other function's settings.
import { afterAll, describe, expect, it } from 'vitest';
import { clearSandboxPool, runFunction } from '@/lib/server/functions/sandbox';
import { deploy, track } from '@/tests/functions/support';

afterAll(() => clearSandboxPool());

// The complete global surface: QuickJS's standard library plus the globals the prelude defines.
const EXPECTED_GLOBALS = [
  // ECMAScript (QuickJS)
  'AggregateError',
  'Array',
  'ArrayBuffer',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'EvalError',
  'FinalizationRegistry',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'Function',
  'Infinity',
  'Int16Array',
  'Int32Array',
  'Int8Array',
  'InternalError',
  'Iterator',
  'JSON',
  'Map',
  'Math',
  'NaN',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'RangeError',
  'ReferenceError',
  'Reflect',
  'RegExp',
  'Set',
  'SharedArrayBuffer',
  'String',
  'Symbol',
  'SyntaxError',
  'TypeError',
  'URIError',
  'Uint16Array',
  'Uint32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'WeakMap',
  'WeakRef',
  'WeakSet',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'eval',
  'globalThis',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'undefined',
  'unescape',
  // The Functions runtime
  'Buffer',
  'DropEvent',
  'EventNotSupported',
  'Headers',
  'InvalidEventPayload',
  'Response',
  'RetryError',
  'TextDecoder',
  'TextEncoder',
  'URL',
  'URLSearchParams',
  'ValidationError',
  'atob',
  'btoa',
  'clearTimeout',
  'console',
  'crypto',
  'fetch',
  'queueMicrotask',
  'setTimeout',
].sort();

describe('escape attempts', () => {
  it("this.constructor.constructor('return process')() finds no process", async () => {
    const fn = deploy(`
      function onTrack() { return this.constructor.constructor('return process')() }
      function onIdentify() { return typeof this.constructor.constructor('return typeof process')() }
    `);
    expect(await runFunction(fn(track()))).toMatchObject({
      outcome: 'failed',
      errorType: 'ReferenceError',
      message: "'process' is not defined",
    });
    expect((await runFunction(fn({ type: 'identify' }))).returned).toBe('string');
  });

  it("Function('return globalThis')() is the sandbox's own global, with nothing of Node on it", async () => {
    const fn = deploy(`function onTrack() {
      const g = Function('return globalThis')();
      return {
        same: g === globalThis,
        names: Object.getOwnPropertyNames(g).sort(),
        node: ['process', 'require', 'module', 'exports', '__dirname', 'global', 'setInterval', 'WebAssembly', 'Deno', 'Bun']
          .filter((n) => typeof g[n] !== 'undefined'),
        viaEval: eval('typeof process + typeof require'),
        viaIndirectEval: (0, eval)('typeof process'),
      };
    }`);
    const r = await runFunction(fn(track()));
    // onTrack: the code's own top-level declaration.
    const names = [...EXPECTED_GLOBALS, 'onTrack'].sort();
    expect(r.returned).toEqual({
      same: true,
      names,
      node: [],
      viaEval: 'undefinedundefined',
      viaIndirectEval: 'undefined',
    });
  });

  it('cannot load modules', async () => {
    const fn = deploy(`async function onTrack() { const fs = await import('fs'); return typeof fs.readFileSync }`);
    const r = await runFunction(fn(track()));
    expect(r.outcome).toBe('failed');
    expect(r.returned).toBeUndefined();
  });

  it('sees no host stack or path in errors raised by host functions', async () => {
    const fn = deploy(`function onTrack() {
      const out = [];
      for (const f of [() => crypto.createHash('nope'), () => Buffer.from('x', 'bogus'), () => new URL('not a url'), () => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab'))]) {
        try { f() } catch (e) { out.push(String(e.stack) + ' ' + e.message + ' ' + Object.keys(e).join(',')) }
      }
      return out;
    }`);
    const r = await runFunction(fn(track()));
    const text = (r.returned as string[]).join('\n');
    expect(r.returned).toHaveLength(4);
    expect(text).not.toMatch(/node:|\/work\/|node_modules|\.ts:|internal\//);
  });

  it('exposes no host (bridge) function anywhere reachable from the globals', async () => {
    const fn = deploy(`function onTrack() {
      const seen = new Set();
      const found = [];
      const bridge = ['digest', 'encode', 'decode', 'algorithm', 'textDecode', 'urlParse', 'urlSet', 'sleep', 'uuid', 'random', 'isEncoding'];
      const walk = (v, path, depth) => {
        if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 4) return;
        seen.add(v);
        for (const k of Reflect.ownKeys(v)) {
          if (typeof k !== 'string') continue;
          let x;
          try { x = v[k] } catch (e) { continue }
          // Host functions are native; the prelude's wrappers of the same names are plain JavaScript.
          const native = typeof x === 'function' && Function.prototype.toString.call(x).includes('[native code]');
          if (native && bridge.includes(x.name) && x !== Math.random) found.push(path + '.' + k);
          walk(x, path + '.' + k, depth + 1);
        }
        walk(Object.getPrototypeOf(v), path + '.__proto__', depth + 1);
      };
      walk(globalThis, 'globalThis', 0);
      walk(crypto.createHmac('sha256', 'k'), 'hmac', 0);
      return found;
    }`);
    expect((await runFunction(fn(track()))).returned).toEqual([]);
  });
});

describe('prototype pollution', () => {
  it('stays inside the sandbox', async () => {
    const fn = deploy(`function onTrack() {
      Object.prototype.polluted = 'yes';
      Array.prototype.extra = 1;
      Object.prototype.toJSON = undefined;
      return JSON.parse('{"__proto__": {"isAdmin": true}, "kept": 1}');
    }`);
    const r = await runFunction(fn(track()));
    expect(r.outcome).toBe('ok');
    const returned = r.returned as Record<string, unknown>;
    expect(Object.getPrototypeOf(returned)).toBe(Object.prototype);
    expect(returned).toEqual({ kept: 1 });
    expect(returned.isAdmin).toBeUndefined();
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).extra).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('an insert function cannot smuggle a prototype into the event', async () => {
    const fn = deploy(
      `function onTrack(event) { return JSON.parse('{"type":"track","__proto__":{"injected":true}}') }`,
      'insert',
    );
    const r = await runFunction(fn(track()));
    const event = r.returned as Record<string, unknown>;
    expect(r.outcome).toBe('ok');
    expect(Object.assign({}, event)).toEqual({ type: 'track' });
    expect(({} as Record<string, unknown>).injected).toBeUndefined();
  });
});

describe('settings and secrets', () => {
  const stash = `
    function onTrack(event, settings) {
      const before = typeof globalThis.stash === 'undefined' ? null : globalThis.stash;
      globalThis.stash = settings.secret;
      console.log('stored');
      return { before };
    }`;

  it('one function cannot read another function’s settings', async () => {
    const a = deploy(stash);
    const b = deploy(`function onTrack(event, settings) {
      return { stash: typeof globalThis.stash === 'undefined' ? null : globalThis.stash, settings, keys: Object.keys(globalThis).join(',') };
    }`);
    await runFunction(a(track(), { secret: 'secret-of-A' }));
    expect((await runFunction(a(track(), { secret: 'secret-of-A' }))).returned).toEqual({ before: 'secret-of-A' });
    const r = await runFunction(b(track(), { other: 'b' }));
    expect(r.returned).toEqual({ stash: null, settings: { other: 'b' }, keys: 'onTrack' });
    expect(JSON.stringify(r)).not.toContain('secret-of-A');
  });

  it('two instances of the same function version never share a runtime', async () => {
    const fnA = deploy(stash, 'destination', 'instance-A');
    const versionId = fnA(track()).versionId;
    const fnB = (settings: Record<string, unknown>) => ({ ...fnA(track(), settings), instanceKey: 'instance-B' });
    await runFunction(fnA(track(), { secret: 'secret-A' }));
    expect((await runFunction(fnA(track(), { secret: 'secret-A' }))).returned).toEqual({ before: 'secret-A' });
    const b = await runFunction(fnB({ secret: 'secret-B' }));
    expect(fnB({}).versionId).toBe(versionId);
    expect(b.returned).toEqual({ before: null });
    expect((await runFunction(fnB({ secret: 'secret-B' }))).returned).toEqual({ before: 'secret-B' });
    expect((await runFunction(fnA(track(), { secret: 'secret-A' }))).returned).toEqual({ before: 'secret-A' });
  });
});
