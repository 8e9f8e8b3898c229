import 'server-only';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { CallState } from '@/lib/server/functions/sandbox/call-state';
import { createHostObject, HASH_NAMES_JSON } from '@/lib/server/functions/sandbox/host-functions';
import type { SandboxLimits } from '@/lib/server/functions/sandbox/limits';
import {
  NativeBridge,
  PROMISE_FULFILLED,
  PROMISE_PENDING,
  PROMISE_REJECTED,
  type Ptr,
} from '@/lib/server/functions/sandbox/native-bridge';
import { HANDLER_PROBE, PRELUDE_SOURCE } from '@/lib/server/functions/sandbox/prelude';
import type { LimitKind, RawOutcome, SyntaxIssue, ThrownKind } from '@/lib/server/functions/sandbox/types';
import { newWasmInstance, type WasmInstance } from '@/lib/server/functions/sandbox/wasm';

/** The name the user's code is evaluated under; error locations refer to it. */
export const CODE_FILENAME = 'function.js';

// Linear memory never shrinks: a runtime whose heap grew past this is not reused, so one heavy
// call does not pin its peak in the pool for the idle TTL.
const RETAIN_MEMORY_BYTES = 48 * 1024 * 1024;

const TIMEOUT: RawOutcome = { type: 'limit', limit: 'timeout' };

/** The code did not load: a syntax error, a throw at top level, or a limit hit while loading. */
/**
 * Recognised by its code, not instanceof: Next loads this module once per route
 * bundle, and the process-wide pool may have been created by another copy.
 */
export function isSandboxLoadError(e: unknown): e is SandboxLoadError {
  return e instanceof Error && (e as { code?: unknown }).code === 'ERR_SANDBOX_LOAD';
}

export class SandboxLoadError extends Error {
  readonly code = 'ERR_SANDBOX_LOAD';
  constructor(
    message: string,
    readonly issue: SyntaxIssue | null,
    readonly limit: LimitKind | null,
  ) {
    super(message);
  }
}

interface Dispatch {
  call: QuickJSHandle;
  ok: QuickJSHandle;
  fail: QuickJSHandle;
  bind: QuickJSHandle;
  manyBegin: QuickJSHandle;
  manyRun: QuickJSHandle;
}

export interface CallResult {
  raw: RawOutcome;
  state: CallState;
}

/** A batch in progress: the finished events' results, and the answer of an event the guest stopped after. */
interface Batch {
  out: CallResult[];
  limits: SandboxLimits;
  held: RawOutcome | null;
}

/** Where one entry into the batch loop left off. */
type Step =
  | { kind: 'finished' }
  | { kind: 'stopped'; next: number }
  | { kind: 'pending'; promise: Ptr }
  | { kind: 'escaped'; raw: RawOutcome };

function isBreach(raw: RawOutcome): boolean {
  return raw.type === 'crashed' || (raw.type === 'limit' && isLimitKind(raw.limit));
}

/**
 * Thrown by the host side of the WASM boundary: V8's own stack limit (deep native recursion inside
 * the interpreter, JSON or RegExp) or an aborted instance. Either way the instance is unusable.
 */
function hostFailure(e: unknown): RawOutcome {
  if (e instanceof RangeError) return { type: 'limit', limit: 'stack' };
  return { type: 'crashed', message: e instanceof Error ? e.message : String(e) };
}

function isLimitKind(s: string): s is LimitKind {
  return s === 'timeout' || s === 'memory' || s === 'stack';
}

/**
 * One QuickJS runtime with one context, the prelude and one version of the user's code loaded.
 * It runs one call at a time (the pool guarantees it); `broken` means a limit was breached or the
 * instance failed, and the pool must not hand it out again.
 */
export class Sandbox {
  handlers: readonly string[] = [];
  broken = false;
  private current: CallState | null = null;
  private batch: Batch | null = null;
  private fns: Dispatch | null = null;
  private readonly names = new Map<string, Ptr>();
  private limitValue = -1;
  private limitNumber: Ptr = 0;
  private readonly bridge: NativeBridge;
  private disposed = false;

  private constructor(
    private readonly instance: WasmInstance,
    private readonly rt: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
  ) {
    this.bridge = new NativeBridge(instance.module, rt, ctx);
    // QuickJS polls this every few thousand bytecodes: the CPU side of the deadline. Code never
    // runs outside a call, so no current call means stop.
    rt.setInterruptHandler(() => {
      const s = this.current;
      if (s === null || s.timedOut) return true;
      if (Date.now() <= s.deadline) return false;
      s.timedOut = true;
      return true;
    });
  }

  static async create(code: string, limits: SandboxLimits): Promise<Sandbox> {
    const instance = await newWasmInstance(limits.memoryBytes);
    const rt = instance.module.newRuntime();
    rt.setMemoryLimit(limits.memoryBytes);
    rt.setMaxStackSize(limits.stackBytes);
    const sandbox = new Sandbox(instance, rt, rt.newContext());
    const state = new CallState(limits, 'load');
    sandbox.current = state;
    try {
      sandbox.boot(code, state);
      return sandbox;
    } catch (e) {
      sandbox.broken = true;
      if (isSandboxLoadError(e)) throw e;
      if (e instanceof RangeError)
        throw new SandboxLoadError('The code exceeded the stack limit while loading.', null, 'stack');
      throw e;
    } finally {
      state.close();
      sandbox.current = null;
    }
  }

  private boot(code: string, state: CallState): void {
    const { ctx } = this;
    const host = createHostObject(ctx, this.bridge, {
      current: () => this.current,
      done: (res) => this.batchDone(res),
      settled: (promise, pending) => this.batchSettled(promise, pending),
    });
    const prelude = ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, 'prelude.js', { type: 'global' }));
    const hashes = ctx.newString(HASH_NAMES_JSON);
    const api = ctx.unwrapResult(ctx.callFunction(prelude, ctx.undefined, host, hashes));
    prelude.dispose();
    host.dispose();
    hashes.dispose();
    this.fns = {
      call: ctx.getProp(api, 'call'),
      ok: ctx.getProp(api, 'ok'),
      fail: ctx.getProp(api, 'fail'),
      bind: ctx.getProp(api, 'bind'),
      manyBegin: ctx.getProp(api, 'manyBegin'),
      manyRun: ctx.getProp(api, 'manyRun'),
    };
    api.dispose();

    const loaded = ctx.evalCode(code, CODE_FILENAME, { type: 'global' });
    if (loaded.error) throw this.loadError(loaded.error, state);
    loaded.value.dispose();
    const probe = ctx.evalCode(HANDLER_PROBE, 'probe.js', { type: 'global' });
    if (probe.error) throw this.loadError(probe.error, state);
    const bound = ctx.callFunction(this.fns.bind, ctx.undefined, probe.value);
    probe.value.dispose();
    if (bound.error) throw this.loadError(bound.error, state);
    this.handlers = ctx.getString(bound.value).split(',').filter(Boolean);
    bound.value.dispose();
  }

  private loadError(err: QuickJSHandle, state: CallState): SandboxLoadError {
    const raw = this.finish(this.fns!.fail, this.takePtr(err), state, true);
    if (raw.type === 'limit')
      return new SandboxLoadError(`The code hit the ${raw.limit} limit while loading.`, null, raw.limit);
    if (raw.type === 'threw') {
      const message = `${raw.name}: ${raw.message}`;
      return new SandboxLoadError(message, raw.line > 0 ? { line: raw.line, column: raw.column, message } : null, null);
    }
    return new SandboxLoadError(raw.type === 'crashed' ? raw.message : 'The code failed to load.', null, null);
  }

  /** Moves a library handle's value into a raw pointer the caller frees. */
  private takePtr(h: QuickJSHandle): Ptr {
    const p = this.bridge.ptrOf(h);
    h.dispose();
    return p;
  }

  /**
   * Runs one handler to completion (or to a limit). Never throws. The answer is synchronous when
   * the handler settles without waiting for host work, which is the common case (an async
   * handler that does not await): no host promise is created for it.
   */
  run(
    handler: string,
    payloadJson: string,
    settingsJson: string,
    limits: SandboxLimits,
  ): CallResult | Promise<CallResult> {
    const state = new CallState(limits);
    this.current = state;
    let started: RawOutcome | Ptr;
    try {
      started = this.start(handler, payloadJson, settingsJson, state);
    } catch (e) {
      started = hostFailure(e);
    }
    if (typeof started !== 'number') return this.end(started, state);
    return this.continueAsync(started, state);
  }

  private async continueAsync(promise: Ptr, state: CallState): Promise<CallResult> {
    let raw: RawOutcome;
    try {
      raw = await this.settle(promise, state);
      this.bridge.free(promise);
    } catch (e) {
      raw = hostFailure(e);
    }
    return this.end(raw, state);
  }

  private end(result: RawOutcome, state: CallState): CallResult {
    let raw = result;
    try {
      // Reactions the handler left queued (un-awaited chains) run now, inside this call's deadline,
      // rather than at the start of the next call.
      if (raw.type !== 'limit' && raw.type !== 'crashed' && this.rt.hasPendingJob()) {
        const r = this.rt.executePendingJobs();
        if (r.error) raw = this.escaped(this.takePtr(r.error), state);
      }
    } catch (e) {
      raw = hostFailure(e);
    } finally {
      state.close();
      this.current = null;
    }
    if (raw.type === 'limit' && (raw.limit === 'timeout' || raw.limit === 'memory' || raw.limit === 'stack'))
      this.broken = true;
    if (raw.type === 'crashed' || this.instance.memory.buffer.byteLength > RETAIN_MEMORY_BYTES) this.broken = true;
    return { raw, state };
  }

  /**
   * Batch path: runs `count` events, given as one JSON array with `names` the handler of each
   * (comma-separated), entering the VM once for as many of them as settle without host work.
   * Each event gets its own CallState (deadline, logs, fetch records, timers), exactly as a single
   * call would; only the copy in and the VM entry are shared. Answers one CallResult per event that
   * ran, in order. When the runtime breaks the answer is shorter than `count`: its last entry is
   * the breach (the event that hit the limit), or it is empty when the batch could not even start
   * (the batch JSON did not fit, for instance). The caller runs the rest elsewhere. Never throws.
   */
  runMany(
    names: string,
    eventsJson: string,
    settingsJson: string,
    count: number,
    limits: SandboxLimits,
  ): CallResult[] | Promise<CallResult[]> {
    const batch: Batch = { out: [], limits, held: null };
    const state = new CallState(limits);
    this.current = state;
    let failed: RawOutcome | null;
    try {
      failed = this.beginMany(names, eventsJson, settingsJson, count, state);
    } catch (e) {
      failed = hostFailure(e);
    }
    if (failed !== null) {
      this.end(failed, state);
      this.broken = true;
      return batch.out;
    }
    state.close();
    this.batch = batch;
    this.current = new CallState(limits);
    return this.pump(0, batch);
  }

  private beginMany(
    names: string,
    eventsJson: string,
    settingsJson: string,
    count: number,
    state: CallState,
  ): RawOutcome | null {
    const b = this.bridge;
    const events = b.newString(eventsJson);
    const settings = b.newString(settingsJson);
    const handlers = b.newString(names);
    const r = b.call(this.fns!.manyBegin, [events, settings, handlers, this.limitPtr(state.limits.maxOutputBytes)]);
    b.free(events);
    b.free(settings);
    b.free(handlers);
    if (r.error) return this.escaped(r.error, state);
    const n = b.getNumber(r.value);
    b.free(r.value);
    return n === count ? null : { type: 'crashed', message: 'The batch did not reach the sandbox whole.' };
  }

  /** Runs the batch from event `from` until it finishes, breaks, or waits for host work (then async). */
  private pump(from: number, batch: Batch): CallResult[] | Promise<CallResult[]> {
    let next = from;
    for (;;) {
      let step: Step;
      try {
        step = this.stepMany(next);
      } catch (e) {
        step = { kind: 'escaped', raw: hostFailure(e) };
      }
      // H.done moves `current` on at every event boundary: this is the event the guest stopped in.
      const state = this.current!;
      switch (step.kind) {
        case 'finished':
          // H.done opened a state for an event that does not exist: nothing ran under it.
          return this.endMany(batch, null);
        case 'escaped':
          // Only QuickJS's uncatchable errors and limits get past the loop's try/catch.
          return this.endMany(batch, this.end(step.raw, state));
        case 'pending':
          return this.pumpAsync(step.promise, state, batch);
        case 'stopped': {
          const raw = batch.held ?? { type: 'crashed', message: 'The batch lost an answer.' };
          batch.held = null;
          // As a single call would: reactions the handler left queued run inside its own call.
          const done = this.end(raw, state);
          if (this.broken) return this.endMany(batch, done);
          batch.out.push(done);
          this.current = new CallState(batch.limits);
          next = step.next;
        }
      }
    }
  }

  private async pumpAsync(promise: Ptr, state: CallState, batch: Batch): Promise<CallResult[]> {
    let raw: RawOutcome;
    try {
      raw = await this.settle(promise, state);
      this.bridge.free(promise);
    } catch (e) {
      raw = hostFailure(e);
    }
    const done = this.end(raw, state);
    if (this.broken) return this.endMany(batch, done);
    batch.out.push(done);
    this.current = new CallState(batch.limits);
    return this.pump(batch.out.length, batch);
  }

  private stepMany(from: number): Step {
    const b = this.bridge;
    const index = b.newNumber(from);
    const r = b.call(this.fns!.manyRun, [index]);
    b.free(index);
    if (r.error) return { kind: 'escaped', raw: this.escaped(r.error, this.current!) };
    if (b.promiseState(r.value) >= 0) return { kind: 'pending', promise: r.value };
    const n = b.getNumber(r.value);
    b.free(r.value);
    return n < 0 ? { kind: 'finished' } : { kind: 'stopped', next: n };
  }

  /** Ends a batch; `last` is the result of the event that ended it early (a breach), if any. */
  private endMany(batch: Batch, last: CallResult | null): CallResult[] {
    this.batch = null;
    if (last !== null) {
      batch.out.push(last);
      // Whatever the reason the batch stopped short, this runtime is not used again.
      this.broken = true;
    } else if (this.current !== null) {
      this.current.close();
      this.current = null;
      if (this.instance.memory.buffer.byteLength > RETAIN_MEMORY_BYTES) this.broken = true;
    }
    return batch.out;
  }

  /**
   * H.done: the current event of a batch answered `res`. Records it and opens the next event's
   * state; answers true (the guest returns to the host) when the host must act first: a breach,
   * or reactions the handler left queued, which run inside this event as they would for a call.
   */
  private batchDone(res: string): boolean {
    const batch = this.batch;
    const state = this.current;
    if (batch === null || state === null) return true;
    const raw = state.timedOut ? TIMEOUT : this.decode(res, state);
    if (isBreach(raw) || this.rt.hasPendingJob()) {
      batch.held = raw;
      return true;
    }
    state.close();
    batch.out.push({ raw, state });
    this.current = new CallState(batch.limits);
    return false;
  }

  /**
   * H.settled: the current event's handler returned a promise. While it is pending the guest gets
   * `pending` back (and hands the promise to the host); once settled, its value or reason goes
   * through ok/fail (re-entrantly, as the single path's finish does) and on to batchDone.
   */
  private batchSettled(promise: Ptr, pending: Ptr): Ptr {
    const b = this.bridge;
    const st = b.promiseState(promise);
    if (st !== PROMISE_FULFILLED && st !== PROMISE_REJECTED) return b.dup(pending);
    const value = b.promiseResult(promise);
    let r: ReturnType<NativeBridge['call']>;
    try {
      r = b.call(st === PROMISE_FULFILLED ? this.fns!.ok : this.fns!.fail, [value]);
    } finally {
      b.free(value);
    }
    if (r.error) {
      // Only an uncatchable error (the interrupt) or a limit gets out of ok/fail: it goes on
      // unwinding in the guest, out of the batch loop, as it would have from the loop itself.
      try {
        return b.throwValue(r.error);
      } finally {
        b.free(r.error);
      }
    }
    let res: string;
    try {
      res = b.getString(r.value);
    } finally {
      b.free(r.value);
    }
    return b.newBool(this.batchDone(res));
  }

  private limitPtr(n: number): Ptr {
    if (this.limitValue !== n) {
      if (this.limitValue !== -1) this.bridge.free(this.limitNumber);
      this.limitNumber = this.bridge.newNumber(n);
      this.limitValue = n;
    }
    return this.limitNumber;
  }

  private namePtr(handler: string): Ptr {
    let p = this.names.get(handler);
    if (p === undefined) {
      p = this.bridge.newString(handler);
      this.names.set(handler, p);
    }
    return p;
  }

  /** Calls the handler; answers its outcome, or the pointer of its still-pending promise. */
  private start(handler: string, payloadJson: string, settingsJson: string, state: CallState): RawOutcome | Ptr {
    const b = this.bridge;
    // JSON.stringify output is NUL-free and well-formed (it escapes both), so it crosses as a C string.
    const payload = b.newString(payloadJson);
    const settings = b.newString(settingsJson);
    const r = b.call(this.fns!.call, [
      this.namePtr(handler),
      payload,
      settings,
      this.limitPtr(state.limits.maxOutputBytes),
    ]);
    b.free(payload);
    b.free(settings);
    if (r.error) return this.escaped(r.error, state);
    const st = b.promiseState(r.value);
    if (st === PROMISE_PENDING) return r.value;
    try {
      // Not a promise: the dispatcher already answered with its result string (sync handler).
      if (st < 0) return this.decode(b.getString(r.value), state);
      // Settled already: read it directly.
      return this.finish(
        st === PROMISE_FULFILLED ? this.fns!.ok : this.fns!.fail,
        b.promiseResult(r.value),
        state,
        true,
      );
    } finally {
      b.free(r.value);
    }
  }

  /**
   * Drives a pending handler promise: guest jobs run until only host work (fetch, timers) is
   * left, then the host waits for that work or the deadline, and the settled value is read.
   */
  private async settle(promise: Ptr, state: CallState): Promise<RawOutcome> {
    const b = this.bridge;
    let st = PROMISE_PENDING;
    for (;;) {
      if (st === PROMISE_FULFILLED || st === PROMISE_REJECTED) {
        const v = b.promiseResult(promise);
        return this.finish(st === PROMISE_FULFILLED ? this.fns!.ok : this.fns!.fail, v, state, true);
      }
      if (state.timedOut || state.remainingMs() <= 0) {
        state.timedOut = true;
        return TIMEOUT;
      }
      if (this.rt.hasPendingJob()) {
        const r = this.rt.executePendingJobs();
        if (r.error) return this.escaped(this.takePtr(r.error), state);
      } else if (!state.hasInflight()) {
        return { type: 'stalled' };
      } else if (!(await state.waitForActivity())) {
        state.timedOut = true;
        return TIMEOUT;
      }
      st = b.promiseState(promise);
    }
  }

  /** Calls the prelude's ok/fail on a value and decodes the answer; frees `arg` when `owned`. */
  private finish(fn: QuickJSHandle, arg: Ptr, state: CallState, owned: boolean): RawOutcome {
    const b = this.bridge;
    try {
      if (state.timedOut) return TIMEOUT;
      const r = b.call(fn, [arg]);
      if (r.error) return this.escaped(r.error, state);
      try {
        return this.decode(b.getString(r.value), state);
      } finally {
        b.free(r.value);
      }
    } finally {
      if (owned) b.free(arg);
    }
  }

  /** An exception got past the dispatcher: only QuickJS's uncatchable errors (interrupt) and limits do. Frees `err`. */
  private escaped(err: Ptr, state: CallState): RawOutcome {
    try {
      if (state.timedOut) return TIMEOUT;
      const message = this.bridge.errorMessage(err);
      if (message === 'out of memory') return { type: 'limit', limit: 'memory' };
      if (message === 'stack overflow') return { type: 'limit', limit: 'stack' };
      if (message === 'interrupted') return TIMEOUT;
      return { type: 'crashed', message: message.slice(0, 500) };
    } finally {
      this.bridge.free(err);
    }
  }

  private decode(s: string, state: CallState): RawOutcome {
    switch (s.charAt(0)) {
      case '~':
        return { type: 'returned', json: undefined };
      case '#':
        return { type: 'not_json', reason: s.slice(1) };
      case '%':
        return { type: 'limit', limit: 'output', detail: s.slice(1) };
      case '?':
        return { type: 'no_handler' };
      case '^': {
        const kind = s.slice(1);
        return isLimitKind(kind) ? { type: 'limit', limit: kind } : { type: 'crashed', message: kind };
      }
      case '!': {
        const [kind, name, message, line, column] = JSON.parse(s.slice(1)) as [
          ThrownKind,
          string,
          string,
          number,
          number,
        ];
        return { type: 'threw', kind, name, message, line, column };
      }
      default: {
        // Untagged: the handler's value as JSON. The guest checked its length in UTF-16 units;
        // the limit is in UTF-8 bytes, which only differ above 1/3 of the limit.
        if (s.length * 3 > state.limits.maxOutputBytes) {
          const bytes = Buffer.byteLength(s, 'utf8');
          if (bytes > state.limits.maxOutputBytes) return { type: 'limit', limit: 'output', detail: String(bytes) };
        }
        return { type: 'returned', json: s };
      }
    }
  }

  memoryBytes(): number {
    return this.instance.memory.buffer.byteLength;
  }

  /**
   * Frees the runtime. A broken instance is dropped whole instead (the GC reclaims its memory):
   * freeing objects inside a runtime that was cut off mid-operation could trip QuickJS's own
   * consistency assertions.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.broken || this.current !== null) return;
    try {
      for (const p of this.names.values()) this.bridge.free(p);
      if (this.limitValue !== -1) this.bridge.free(this.limitNumber);
      this.bridge.dispose();
      if (this.fns) for (const h of Object.values(this.fns)) h.dispose();
      this.ctx.dispose();
      this.rt.dispose();
    } catch {
      // A leak check failing here only means the instance is dropped rather than freed.
    }
  }
}
