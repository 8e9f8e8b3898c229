import 'server-only';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';

// The hot path talks to QuickJS's C interface directly instead of through quickjs-emscripten's
// handle layer. That layer wraps every value in a Lifetime and every host call in a generator-based
// Scope; measured here, a guest→host call cost ~14 µs through it and ~2 µs direct, and a host→guest
// call with two strings ~8 µs against ~2 µs. At 20,000 events/s the budget is 50 µs per event.
//
// This reaches into quickjs-emscripten internals (its FFI object, the emscripten module, the
// context pointer, the host-reference map and the module's C→host callback table). package.json
// pins quickjs-emscripten to exactly 0.32.0; `NativeBridge` checks every piece it uses when it is
// built and throws if one is missing, so an upgrade fails loudly in tests instead of misbehaving.
// Everything else (creating functions and promises, pending jobs) stays on the public API.

export type Ptr = number;

interface Ffi {
  QTS_NewString(ctx: Ptr, str: Ptr): Ptr;
  QTS_GetString(ctx: Ptr, value: Ptr): Ptr;
  QTS_FreeCString(ctx: Ptr, str: Ptr): void;
  QTS_Call(ctx: Ptr, fn: Ptr, thisVal: Ptr, argc: number, argv: Ptr): Ptr;
  QTS_ResolveException(ctx: Ptr, maybeException: Ptr): Ptr;
  QTS_FreeValuePointer(ctx: Ptr, value: Ptr): void;
  QTS_NewFloat64(ctx: Ptr, n: number): Ptr;
  QTS_GetFloat64(ctx: Ptr, value: Ptr): number;
  QTS_ArgvGetJSValueConstPointer(argv: Ptr, index: number): Ptr;
  QTS_GetUndefined(): Ptr;
  QTS_GetTrue(): Ptr;
  QTS_GetFalse(): Ptr;
  QTS_DupValuePointer(ctx: Ptr, value: Ptr): Ptr;
  QTS_PromiseState(ctx: Ptr, value: Ptr): number;
  QTS_PromiseResult(ctx: Ptr, value: Ptr): Ptr;
  QTS_GetArrayBuffer(ctx: Ptr, value: Ptr): Ptr;
  QTS_GetArrayBufferLength(ctx: Ptr, value: Ptr): number;
  QTS_NewArrayBuffer(ctx: Ptr, buffer: Ptr, length: number): Ptr;
  QTS_Throw(ctx: Ptr, error: Ptr): Ptr;
  QTS_GetProp(ctx: Ptr, obj: Ptr, key: Ptr): Ptr;
}

interface EmscriptenModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): Ptr;
  _free(ptr: Ptr): void;
  UTF8ToString(ptr: Ptr): string;
}

type CToHostCall = (asyncify: unknown, ctx: Ptr, thisVal: Ptr, argc: number, argv: Ptr, fnId: number) => Ptr;

interface Internals {
  ffi: Ffi;
  module: EmscriptenModule;
  ctxPtr: Ptr;
  hostRefs: { get(id: number): unknown };
  /** What the WASM import for C→host calls invokes; one object per module (each runtime has its own). */
  moduleCallbacks: { callFunction: CToHostCall };
}

const FFI_NAMES: (keyof Ffi)[] = [
  'QTS_NewString',
  'QTS_GetString',
  'QTS_FreeCString',
  'QTS_Call',
  'QTS_ResolveException',
  'QTS_FreeValuePointer',
  'QTS_NewFloat64',
  'QTS_GetFloat64',
  'QTS_ArgvGetJSValueConstPointer',
  'QTS_GetUndefined',
  'QTS_GetTrue',
  'QTS_GetFalse',
  'QTS_DupValuePointer',
  'QTS_PromiseState',
  'QTS_PromiseResult',
  'QTS_GetArrayBuffer',
  'QTS_GetArrayBufferLength',
  'QTS_NewArrayBuffer',
  'QTS_Throw',
  'QTS_GetProp',
];

function internalsOf(wasm: QuickJSWASMModule, rt: QuickJSRuntime, ctx: QuickJSContext): Internals {
  const c = ctx as unknown as {
    ffi?: Partial<Ffi>;
    module?: Partial<EmscriptenModule> & { callbacks?: { callFunction?: unknown } };
    ctx?: { value?: unknown };
  };
  const r = rt as unknown as { hostRefs?: { get?: unknown } };
  const w = wasm as unknown as { callbacks?: { contextCallbacks?: unknown } };
  const ffi = c.ffi;
  const em = c.module;
  const missing: string[] = [];
  if (!ffi) missing.push('ffi');
  else for (const n of FFI_NAMES) if (typeof ffi[n] !== 'function') missing.push(n);
  if (
    !em ||
    typeof em._malloc !== 'function' ||
    typeof em._free !== 'function' ||
    typeof em.UTF8ToString !== 'function' ||
    !(em.HEAPU8 instanceof Uint8Array)
  ) {
    missing.push('emscripten module');
  }
  if (typeof c.ctx?.value !== 'number') missing.push('context pointer');
  if (typeof r.hostRefs?.get !== 'function') missing.push('hostRefs');
  const callbacks = w.callbacks?.contextCallbacks;
  if (!(callbacks instanceof Map) || !callbacks.has(c.ctx?.value)) missing.push('contextCallbacks');
  if (typeof em?.callbacks?.callFunction !== 'function') missing.push('module callbacks');
  if (missing.length)
    throw new Error(`quickjs-emscripten internals changed (${missing.join(', ')}); the sandbox needs 0.32.0.`);
  return {
    ffi: ffi as Ffi,
    module: em as EmscriptenModule,
    ctxPtr: c.ctx!.value as Ptr,
    hostRefs: r.hostRefs as { get(id: number): unknown },
    moduleCallbacks: em!.callbacks as { callFunction: CToHostCall },
  };
}

/** Argument access for a fast host function. Every accessor checks the index against argc. */
export interface FastArgs {
  readonly count: number;
  str(i: number): string;
  bytes(i: number): Buffer;
  num(i: number): number;
  /** The argument's own value pointer, valid only during the call (never freed by the callee). */
  ptr(i: number): Ptr;
  /** A wire-safe string argument's UTF-8 bytes, copied into a new Buffer after `room` bytes left free. */
  utf8(i: number, room: number): Buffer;
}

/** A host function on the fast path: reads raw arguments, returns a fresh JSValue pointer (0 = undefined). */
export type FastImpl = (args: FastArgs, bridge: NativeBridge) => Ptr;

export const PROMISE_PENDING = 0;
export const PROMISE_FULFILLED = 1;
export const PROMISE_REJECTED = 2;

const encoder = new TextEncoder();
const ARGV_SLOTS = 8;

export class NativeBridge {
  private readonly ffi: Ffi;
  private readonly mod: EmscriptenModule;
  readonly ctxPtr: Ptr;
  private readonly argv: Ptr;
  private argvView: Uint32Array | null = null;
  private readonly undefinedPtr: Ptr;
  private readonly messageKey: Ptr;
  private readonly fastById = new Map<number, FastImpl | null>();
  private readonly fastByFn = new WeakMap<object, FastImpl>();
  private readonly hostRefs: { get(id: number): unknown };

  constructor(
    wasm: QuickJSWASMModule,
    rt: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
  ) {
    const i = internalsOf(wasm, rt, ctx);
    this.ffi = i.ffi;
    this.mod = i.module;
    this.ctxPtr = i.ctxPtr;
    this.hostRefs = i.hostRefs;
    this.argv = this.mod._malloc(4 * ARGV_SLOTS);
    this.undefinedPtr = this.ffi.QTS_GetUndefined();
    this.messageKey = this.newString('message');
    // Route this module's C→host calls through the fast table first, at the WASM import itself
    // (the library's dispatch allocates a closure and looks up two maps per call); functions not
    // created by `newFastFunction` keep the library's own dispatch.
    const original = i.moduleCallbacks.callFunction;
    const args = this.makeArgs();
    i.moduleCallbacks.callFunction = (asyncify, ctxPtr, thisVal, argc, argv, fnId) => {
      const fast = ctxPtr === this.ctxPtr ? this.fastFor(fnId) : null;
      if (!fast) return original(asyncify, ctxPtr, thisVal, argc, argv, fnId);
      args.bind(argc, argv);
      try {
        return fast(args.view, this);
      } catch (e) {
        return this.throwError(e);
      }
    };
  }

  private fastFor(fnId: number): FastImpl | null {
    let fast = this.fastById.get(fnId);
    if (fast === undefined) {
      let fn: unknown;
      try {
        fn = this.hostRefs.get(fnId);
      } catch {
        fn = undefined;
      }
      fast = (typeof fn === 'function' && this.fastByFn.get(fn)) || null;
      this.fastById.set(fnId, fast);
    }
    return fast;
  }

  private makeArgs(): { view: FastArgs; bind(argc: number, argv: Ptr): void } {
    let argc = 0;
    let argv = 0;
    const ptr = (i: number): Ptr => {
      // Reading past argc would read whatever lies beyond QuickJS's argument array.
      if (i >= argc) throw new TypeError('Missing argument.');
      return this.ffi.QTS_ArgvGetJSValueConstPointer(argv, i);
    };
    const view: FastArgs = {
      get count() {
        return argc;
      },
      str: (i) => this.getString(ptr(i)),
      bytes: (i) => this.getBytes(ptr(i)),
      num: (i) => this.ffi.QTS_GetFloat64(this.ctxPtr, ptr(i)),
      ptr,
      utf8: (i, room) => this.getUtf8(ptr(i), room),
    };
    return {
      view,
      bind: (c, v) => {
        argc = c;
        argv = v;
      },
    };
  }

  /** Creates a guest function whose calls go straight to `impl`. */
  newFastFunction(name: string, length: number, impl: FastImpl): QuickJSHandle {
    const placeholder = () => {
      throw new Error(`${name} was dispatched outside the fast path`);
    };
    this.fastByFn.set(placeholder, impl);
    return this.ctx.newFunctionWithOptions({ name, length, isConstructor: false, fn: placeholder });
  }

  /** A new guest string. The text must contain no NUL and be well-formed UTF-16 (C strings carry it). */
  newString(s: string): Ptr {
    const max = s.length * 3 + 1;
    const p = this.mod._malloc(max);
    const { written } = encoder.encodeInto(s, this.mod.HEAPU8.subarray(p, p + max - 1));
    this.mod.HEAPU8[p + written] = 0;
    const v = this.ffi.QTS_NewString(this.ctxPtr, p);
    this.mod._free(p);
    return v;
  }

  getString(value: Ptr): string {
    const c = this.ffi.QTS_GetString(this.ctxPtr, value);
    const s = this.mod.UTF8ToString(c);
    this.ffi.QTS_FreeCString(this.ctxPtr, c);
    return s;
  }

  /**
   * The UTF-8 form of a string without decoding it into a host string first (no re-encoding).
   * Only for text with no NUL (the C string ends at the first one); the guest checks wireSafe.
   */
  getUtf8(value: Ptr, room: number): Buffer {
    const c = this.ffi.QTS_GetString(this.ctxPtr, value);
    try {
      const heap = this.mod.HEAPU8;
      const end = heap.indexOf(0, c);
      const out = Buffer.allocUnsafe(room + (end - c));
      out.set(heap.subarray(c, end), room);
      return out;
    } finally {
      this.ffi.QTS_FreeCString(this.ctxPtr, c);
    }
  }

  getBytes(value: Ptr): Buffer {
    const len = this.ffi.QTS_GetArrayBufferLength(this.ctxPtr, value);
    const p = this.ffi.QTS_GetArrayBuffer(this.ctxPtr, value);
    if (!p) throw new TypeError('Expected an ArrayBuffer.');
    const out = Buffer.from(this.mod.HEAPU8.subarray(p, p + len));
    this.mod._free(p);
    return out;
  }

  newBytes(b: Uint8Array): Ptr {
    const p = this.mod._malloc(Math.max(1, b.byteLength));
    this.mod.HEAPU8.set(b, p);
    // QuickJS takes ownership of the buffer.
    return this.ffi.QTS_NewArrayBuffer(this.ctxPtr, p, b.byteLength);
  }

  newNumber(n: number): Ptr {
    return this.ffi.QTS_NewFloat64(this.ctxPtr, n);
  }

  newBool(b: boolean): Ptr {
    return this.ffi.QTS_DupValuePointer(this.ctxPtr, b ? this.ffi.QTS_GetTrue() : this.ffi.QTS_GetFalse());
  }

  free(value: Ptr): void {
    this.ffi.QTS_FreeValuePointer(this.ctxPtr, value);
  }

  /** Calls a guest function with `this` undefined. Exactly one of value/error is set; the caller frees it. */
  call(fn: QuickJSHandle, args: Ptr[]): { value: Ptr; error: 0 } | { value: 0; error: Ptr } {
    if (args.length > ARGV_SLOTS) throw new RangeError(`At most ${ARGV_SLOTS} arguments.`);
    // The argument array lives in WASM memory; the view is rebuilt only after the memory grew.
    if (this.argvView === null || this.argvView.buffer !== this.mod.HEAPU8.buffer) {
      this.argvView = new Uint32Array(this.mod.HEAPU8.buffer, this.argv, ARGV_SLOTS);
    }
    const u32 = this.argvView;
    for (let i = 0; i < args.length; i++) u32[i] = args[i]!;
    const result = this.ffi.QTS_Call(this.ctxPtr, fn.value as Ptr, this.undefinedPtr, args.length, this.argv);
    const error = this.ffi.QTS_ResolveException(this.ctxPtr, result);
    if (error) {
      this.free(result);
      return { value: 0, error };
    }
    return { value: result, error: 0 };
  }

  /** PROMISE_PENDING / FULFILLED / REJECTED, or -1 when the value is not a promise. */
  promiseState(value: Ptr): number {
    return this.ffi.QTS_PromiseState(this.ctxPtr, value);
  }

  /** The settled value or reason of a promise (a new pointer). */
  promiseResult(value: Ptr): Ptr {
    return this.ffi.QTS_PromiseResult(this.ctxPtr, value);
  }

  getNumber(value: Ptr): number {
    return this.ffi.QTS_GetFloat64(this.ctxPtr, value);
  }

  /** A new reference to `value`. */
  dup(value: Ptr): Ptr {
    return this.ffi.QTS_DupValuePointer(this.ctxPtr, value);
  }

  /** Throws `value` into the guest (a host function's answer); the caller still owns and frees `value`. */
  throwValue(value: Ptr): Ptr {
    return this.ffi.QTS_Throw(this.ctxPtr, value);
  }

  /** `err.message` of a QuickJS error value (own data property: reading it runs no guest code). */
  errorMessage(err: Ptr): string {
    const m = this.ffi.QTS_GetProp(this.ctxPtr, err, this.messageKey);
    try {
      return this.getString(m);
    } finally {
      this.free(m);
    }
  }

  /** A pointer from the library's handle world (the handle keeps its own reference). */
  ptrOf(h: QuickJSHandle): Ptr {
    return this.ffi.QTS_DupValuePointer(this.ctxPtr, h.value as Ptr);
  }

  private throwError(e: unknown): Ptr {
    const name = e instanceof Error ? (e.name === 'DOMException' ? 'Error' : e.name) : 'Error';
    const message = e instanceof Error ? e.message : String(e);
    const err = this.ctx.newError({ name, message });
    try {
      return this.ffi.QTS_Throw(this.ctxPtr, err.value as Ptr);
    } finally {
      err.dispose();
    }
  }

  dispose(): void {
    this.free(this.messageKey);
    this.mod._free(this.argv);
  }
}
