import 'server-only';
import * as nodeCrypto from 'node:crypto';
import {
  createHash,
  createHmac,
  createSecretKey,
  getHashes,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  type BinaryToTextEncoding,
  type KeyObject,
} from 'node:crypto';
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten';
import type { CallState, PendingOp } from '@/lib/server/functions/sandbox/call-state';
import { guestError, rejectWith } from '@/lib/server/functions/sandbox/guest-errors';
import { startFetch } from '@/lib/server/functions/sandbox/host-fetch';
import type { FastArgs, NativeBridge, Ptr } from '@/lib/server/functions/sandbox/native-bridge';
import type { LogLevel } from '@/lib/server/functions/sandbox/types';

// The host half of the bridge. Each function takes and returns only primitives, strings and
// ArrayBuffer copies; none hands the guest a host object, and the object holding them is passed
// to the prelude as an argument, never put on globalThis.
//
// Strings cross as C strings, which cannot carry NUL and (through UTF-8) lone surrogates. Where
// such text can occur, it crosses as UTF-16LE bytes instead: the guest marks those arguments
// (a `u16:` encoding prefix, the hmac-u16 kind) and turns byte answers back into text itself.

export const HASH_NAMES_JSON = JSON.stringify(getHashes());

const LEVELS: ReadonlySet<string> = new Set(['log', 'info', 'warn', 'error']);
const algorithmVerdicts = new Map<string, boolean>();
const U16 = 'u16:';

/** What the host functions need from the sandbox that owns them. */
export interface HostBinding {
  current(): CallState | null;
  /** Batch path: the current event answered `res`; true when the guest must return to the host before the next event. */
  done(res: string): boolean;
  /** Batch path: the current event's handler returned `promise`; `pending` while it has not settled, else as done. */
  settled(promise: Ptr, pending: Ptr): Ptr;
}

// HMAC keys the guest hands over once per (algorithm, key string) and then names by number: Node
// builds a KeyObject once instead of re-encoding the key for every digest. Per runtime, bounded.
const MAX_CACHED_KEYS = 256;
const MAX_CACHED_KEY_CHARS = 4096;

// crypto.hash (Node >= 20.12) is the one-shot form of createHash(...).update(data).digest(enc), and
// it keeps OpenSSL's digest object between calls where createHash and createHmac look it up anew.
type OneShotHash = (algorithm: string, data: string | Buffer, outputEncoding: string) => string | Buffer;
const oneShotHash = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;
const ONE_SHOT_ENCODINGS: ReadonlySet<string> = new Set(['hex', 'base64', 'base64url']);

// HMAC (RFC 2104) from two one-shot hashes, H((K^opad) || H((K^ipad) || m)), for the digests whose
// block size is fixed here; every other algorithm goes through createHmac. Measured inside the
// sandbox, createHmac costs several microseconds more per digest than Node run alone shows: it
// fetches and initialises OpenSSL's MAC each time, with caches the interpreter has just evicted.
const HMAC_BLOCK_BYTES: ReadonlyMap<string, number> = new Map([
  ['md5', 64],
  ['sha1', 64],
  ['sha224', 64],
  ['sha256', 64],
  ['sha384', 128],
  ['sha512', 128],
]);

interface HmacKey {
  algorithm: string;
  key: KeyObject;
  /** K^ipad and K^opad, when the two-hash form applies. */
  pads: { inner: Buffer; outer: Buffer } | null;
}

function hmacPads(algorithm: string, keyBytes: Buffer): HmacKey['pads'] {
  const block = HMAC_BLOCK_BYTES.get(algorithm);
  if (block === undefined || !oneShotHash) return null;
  const k = keyBytes.length > block ? createHash(algorithm).update(keyBytes).digest() : keyBytes;
  const inner = Buffer.alloc(block, 0x36);
  const outer = Buffer.alloc(block, 0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i]! ^= k[i]!;
    outer[i]! ^= k[i]!;
  }
  return { inner, outer };
}

/** Bytes to leave free in front of the text for hmacDigest: the block size when the two-hash form applies. */
function hmacRoom(k: HmacKey, encoding: string): number {
  return k.pads !== null && (encoding === '' || ONE_SHOT_ENCODINGS.has(encoding)) ? k.pads.inner.length : 0;
}

/** `data` is the text's UTF-8 bytes after hmacRoom(k, encoding) free bytes. */
function hmacDigest(k: HmacKey, data: Buffer, encoding: string): Buffer | string {
  const { pads } = k;
  const room = hmacRoom(k, encoding);
  if (pads === null || room === 0 || !oneShotHash) {
    return finalDigest(createHmac(k.algorithm, k.key).update(data.subarray(room)), encoding);
  }
  pads.inner.copy(data, 0);
  const innerHash = oneShotHash(k.algorithm, data, 'buffer') as Buffer;
  const outer = Buffer.allocUnsafe(room + innerHash.length);
  pads.outer.copy(outer, 0);
  innerHash.copy(outer, room);
  return oneShotHash(k.algorithm, outer, encoding === '' ? 'buffer' : encoding);
}

/** A digest as the guest expects it: text when a C string can carry it, else the raw bytes (the guest decodes). */
function digestResult(b: NativeBridge, out: Buffer | string, encoding: string): Ptr {
  if (typeof out !== 'string') return b.newBytes(out);
  // Hex and base64 text is ASCII: nothing to check.
  if (ONE_SHOT_ENCODINGS.has(encoding)) return b.newString(out);
  return out.indexOf('\0') === -1 && out.isWellFormed()
    ? b.newString(out)
    : b.newBytes(Buffer.from(out, encoding as BufferEncoding));
}

function finalDigest(h: nodeCrypto.Hash | nodeCrypto.Hmac, encoding: string): Buffer | string {
  return encoding === '' ? h.digest() : (h.digest(encoding as BinaryToTextEncoding) as Buffer | string);
}

function checkEncoding(encoding: string): BufferEncoding {
  if (!Buffer.isEncoding(encoding)) throw guestError('TypeError', `Unknown encoding: ${encoding}`);
  return encoding;
}

/** The string argument `i`, or the exact string its UTF-16LE bytes spell when `marker` says so. */
function textArg(a: FastArgs, i: number, marked: boolean): string {
  return marked ? a.bytes(i).toString('utf16le') : a.str(i);
}

/** A string answer: as a C string when it can be one, otherwise as UTF-16LE bytes. */
function textResult(b: NativeBridge, s: string): Ptr {
  return s.indexOf('\0') === -1 && s.isWellFormed() ? b.newString(s) : b.newBytes(Buffer.from(s, 'utf16le'));
}

function checkAlgorithm(kind: string, alg: string): boolean {
  const key = `${kind}:${alg}`;
  let ok = algorithmVerdicts.get(key);
  if (ok === undefined) {
    try {
      if (kind === 'hmac') createHmac(alg, 'k');
      else createHash(alg);
      ok = true;
    } catch {
      ok = false;
    }
    if (algorithmVerdicts.size < 1000) algorithmVerdicts.set(key, ok);
  }
  return ok;
}

function textDecoder(label: string, fatal: boolean, ignoreBOM: boolean): TextDecoder {
  try {
    return new TextDecoder(label, { fatal, ignoreBOM });
  } catch (e) {
    throw guestError(e instanceof RangeError ? 'RangeError' : 'TypeError', e instanceof Error ? e.message : String(e));
  }
}

function urlJson(u: URL): string {
  const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = u;
  return JSON.stringify({ href, origin, protocol, username, password, host, hostname, port, pathname, search, hash });
}

const URL_PARTS: ReadonlySet<string> = new Set([
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
]);

function parseUrl(input: string, base?: string): URL {
  try {
    return base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    throw guestError('TypeError', 'Invalid URL');
  }
}

type Fast = (a: FastArgs, b: NativeBridge) => Ptr;

function fastFunctions(binding: HostBinding): Record<string, [number, Fast]> {
  const keys: HmacKey[] = [];
  return {
    // Batch path (see prelude-core.ts): the end of one event, with its answer or its promise.
    done: [1, (a, b) => b.newBool(binding.done(a.str(0)))],
    settled: [2, (a) => binding.settled(a.ptr(0), a.ptr(1))],
    // hmacKey(algorithm, key) -> a number naming the pair, or -1 (cache full, key too long).
    hmacKey: [
      2,
      (a, b) => {
        const algorithm = a.str(0);
        const key = a.str(1);
        if (keys.length >= MAX_CACHED_KEYS || key.length > MAX_CACHED_KEY_CHARS) return b.newNumber(-1);
        const bytes = Buffer.from(key, 'utf8');
        keys.push({ algorithm, key: createSecretKey(bytes), pads: hmacPads(algorithm, bytes) });
        return b.newNumber(keys.length - 1);
      },
    ],
    // hmac(keyNumber, text, outputEncoding): one update with UTF-8 text, as digest() below would do it.
    hmac: [
      3,
      (a, b) => {
        const k = keys[a.num(0)];
        if (k === undefined) throw guestError('Error', 'Unknown HMAC key.');
        const encoding = a.str(2);
        return digestResult(b, hmacDigest(k, a.utf8(1, hmacRoom(k, encoding)), encoding), encoding);
      },
    ],
    // hash(algorithm, text, outputEncoding): createHash(...).update(text).digest(encoding), one-shot when Node can.
    hash: [
      3,
      (a, b) => {
        const algorithm = a.str(0);
        const data = a.str(1);
        const encoding = a.str(2);
        if (oneShotHash && (encoding === '' || ONE_SHOT_ENCODINGS.has(encoding))) {
          return digestResult(b, oneShotHash(algorithm, data, encoding === '' ? 'buffer' : encoding), encoding);
        }
        return digestResult(b, finalDigest(createHash(algorithm).update(data, 'utf8'), encoding), encoding);
      },
    ],
    log: [
      2,
      (a, b) => {
        const state = binding.current();
        const level = a.str(0);
        if (!state || !LEVELS.has(level)) return b.newBool(false);
        return b.newBool(state.log(level as LogLevel, a.str(1)));
      },
    ],
    isEncoding: [1, (a, b) => b.newBool(Buffer.isEncoding(a.str(0)))],
    encode: [
      2,
      (a, b) => {
        const enc = a.str(1);
        const marked = enc.startsWith(U16);
        const encoding = checkEncoding(marked ? enc.slice(U16.length) : enc);
        return b.newBytes(Buffer.from(textArg(a, 0, marked), encoding));
      },
    ],
    decode: [2, (a, b) => textResult(b, a.bytes(0).toString(checkEncoding(a.str(1))))],
    algorithm: [2, (a, b) => b.newBool(checkAlgorithm(a.str(0), a.str(1)))],
    // digest("kind:algorithm:outputEncoding", key, data1, encoding1, ...): kind is hash, hmac
    // (string key), hmac-bytes or hmac-u16; a part's encoding is '' for bytes, u16:<enc> for
    // marked text, else the text's encoding. Node does the hashing, so its own argument checks
    // and output formats apply unchanged.
    digest: [
      2,
      (a, b) => {
        const spec = a.str(0);
        const c1 = spec.indexOf(':');
        const c2 = spec.indexOf(':', c1 + 1);
        const kind = spec.slice(0, c1);
        const algorithm = spec.slice(c1 + 1, c2);
        const encoding = spec.slice(c2 + 1);
        const h =
          kind === 'hash'
            ? createHash(algorithm)
            : createHmac(
                algorithm,
                kind === 'hmac' ? a.str(1) : kind === 'hmac-u16' ? textArg(a, 1, true) : a.bytes(1),
              );
        for (let i = 2; i + 1 < a.count; i += 2) {
          const enc = a.str(i + 1);
          if (enc === '') h.update(a.bytes(i));
          else if (enc.startsWith(U16)) h.update(textArg(a, i, true), enc.slice(U16.length) as BufferEncoding);
          else h.update(a.str(i), enc as BufferEncoding);
        }
        // Text a C string cannot carry goes back as the raw digest; the guest decodes it.
        return digestResult(b, finalDigest(h, encoding), encoding);
      },
    ],
    random: [1, (a, b) => b.newBytes(randomBytes(Math.max(0, Math.min(65536, Math.floor(a.num(0)) || 0))))],
    uuid: [0, (_a, b) => b.newString(randomUUID())],
    timingSafeEqual: [
      2,
      (a, b) => {
        const x = a.bytes(0);
        const y = a.bytes(1);
        if (x.byteLength !== y.byteLength)
          throw guestError('RangeError', 'Input buffers must have the same byte length');
        return b.newBool(timingSafeEqual(x, y));
      },
    ],
    textDecoderLabel: [3, (a, b) => b.newString(textDecoder(a.str(0), a.num(1) === 1, a.num(2) === 1).encoding)],
    textDecode: [
      4,
      (a, b) => {
        const d = textDecoder(a.str(0), a.num(1) === 1, a.num(2) === 1);
        try {
          return textResult(b, d.decode(a.bytes(3)));
        } catch (e) {
          throw guestError('TypeError', e instanceof Error ? e.message : String(e));
        }
      },
    ],
    urlParse: [1, (a, b) => b.newString(urlJson(parseUrl(a.str(0))))],
    urlParseBase: [2, (a, b) => b.newString(urlJson(parseUrl(a.str(0), a.str(1))))],
    urlSet: [
      3,
      (a, b) => {
        const u = parseUrl(a.str(0));
        const part = a.str(1);
        if (!URL_PARTS.has(part)) throw guestError('TypeError', `Unknown URL component: ${part}`);
        (u as unknown as Record<string, string>)[part] = a.str(2);
        return b.newString(urlJson(u));
      },
    ],
  };
}

function bytesOf(ctx: QuickJSContext, h: QuickJSHandle): Buffer {
  const lifetime = ctx.getArrayBuffer(h);
  try {
    return Buffer.from(lifetime.value);
  } finally {
    lifetime.dispose();
  }
}

/** A promise that never settles: its resolvers are freed at once so no handle outlives the call. */
function detached(deferred: QuickJSDeferredPromise): QuickJSHandle {
  const h = deferred.handle.dup();
  deferred.dispose();
  return h;
}

/** Builds the host-function object. The caller passes it to the prelude and then disposes the handle. */
export function createHostObject(ctx: QuickJSContext, bridge: NativeBridge, binding: HostBinding): QuickJSHandle {
  const obj = ctx.newObject();
  for (const [name, [length, impl]] of Object.entries(fastFunctions(binding))) {
    const fn = bridge.newFastFunction(name, length, impl);
    ctx.setProp(obj, name, fn);
    fn.dispose();
  }

  // fetch and sleep return promises and run once per request, not per event: they stay on the
  // library's handle API, which manages the deferred promises.
  const fetchFn = ctx.newFunction('fetch', (url, method, headers, body) => {
    const deferred = ctx.newPromise();
    const state = binding.current();
    if (!state || state.closed || state.phase === 'load') {
      const why = state?.phase === 'load' ? 'fetch is only available inside a handler' : 'the call has ended';
      rejectWith(ctx, deferred, 'TypeError', `fetch failed: ${why}`);
      return deferred.handle;
    }
    const kind = ctx.typeof(body);
    startFetch(ctx, state, deferred, {
      url: ctx.getString(url),
      method: ctx.getString(method),
      headersJson: ctx.getString(headers),
      body: kind === 'string' ? ctx.getString(body) : kind === 'object' ? bytesOf(ctx, body) : null,
    });
    return deferred.handle;
  });
  ctx.setProp(obj, 'fetch', fetchFn);
  fetchFn.dispose();

  const sleepFn = ctx.newFunction('sleep', (ms) => {
    const deferred = ctx.newPromise();
    const state = binding.current();
    if (!state || state.closed) return detached(deferred);
    // A timer that cannot fire before the deadline still counts as pending work, so the call
    // waits for the deadline instead of being reported as never settling.
    const delay = Math.max(0, Math.min(ctx.getNumber(ms) || 0, state.remainingMs() + 1));
    const timer = setTimeout(() => {
      if (state.closed) return;
      deferred.resolve();
      state.finish(op);
    }, delay);
    const op: PendingOp = {
      release: () => deferred.dispose(),
      cancel: () => clearTimeout(timer),
    };
    state.track(op);
    return deferred.handle;
  });
  ctx.setProp(obj, 'sleep', sleepFn);
  sleepFn.dispose();

  return obj;
}
