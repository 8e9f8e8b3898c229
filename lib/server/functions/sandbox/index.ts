import 'server-only';
import { HANDLER_FOR_EVENT_TYPE } from '@/lib/functions/types';
import { log } from '@/lib/server/log';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import { resolveLimits, type SandboxLimits } from '@/lib/server/functions/sandbox/limits';
import { limitMessage, toRunResult, type OutcomeContext } from '@/lib/server/functions/sandbox/outcome';
import {
  isPoolBusyError,
  SandboxPool,
  type Lease,
  type PoolConfig,
  type PoolStats,
} from '@/lib/server/functions/sandbox/pool';
import { isSandboxLoadError, type CallResult } from '@/lib/server/functions/sandbox/sandbox';
import type { BatchInput, RawOutcome, RunInput, RunResult } from '@/lib/server/functions/sandbox/types';

export { checkFunctionCode } from '@/lib/server/functions/sandbox/syntax-check';
export { DEFAULT_LIMITS } from '@/lib/server/functions/sandbox/limits';
export { DEFAULT_POOL_CONFIG, type PoolConfig, type PoolStats } from '@/lib/server/functions/sandbox/pool';
export type {
  BatchInput,
  FetchRecord,
  FunctionKind,
  LogLine,
  RunInput,
  RunOutcome,
  RunResult,
  SandboxLimits,
  SyntaxCheck,
  SyntaxIssue,
} from '@/lib/server/functions/sandbox/types';

// One pool per process, shared by every copy of this module (Next's route bundles, the
// /v1 fast path, a dev-server reload): runtimes are never orphaned or duplicated.
const pool = processSingleton('functions.sandbox-pool', () => new SandboxPool());

/** Runs the handler for `event.type` (onTrack for track, ...). Never throws: every failure is an outcome. */
export function runFunction(input: RunInput): Promise<RunResult> {
  const event: unknown = input.event;
  const raw = event !== null && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
  const type = typeof raw === 'string' ? raw : '';
  const handler = Object.hasOwn(HANDLER_FOR_EVENT_TYPE, type) ? HANDLER_FOR_EVENT_TYPE[type] : undefined;
  if (!handler) {
    return Promise.resolve({
      outcome: 'not_supported',
      message: type ? `Events of type "${type}" have no handler.` : 'The event has no type.',
      logs: [],
      logsTruncated: false,
      fetches: [],
      durationMs: 0,
    });
  }
  return run(input, handler, input.event);
}

/** Runs onBatch(events, settings); `not_supported` when the code defines no onBatch. */
export function runBatch(input: BatchInput): Promise<RunResult> {
  if (!Array.isArray(input.events)) {
    const c: OutcomeContext = {
      kind: input.kind,
      handler: 'onBatch',
      limits: resolveLimits(input.limits),
      startedAt: performance.now(),
    };
    return Promise.resolve(early(c, 'failed', 'InvalidInput', 'A batch needs an array of events.'));
  }
  return run(input, 'onBatch', input.events);
}

// How much of a batch enters the VM at once: the guest holds the parsed chunk while it runs, so
// this bounds the heap a batch adds on top of what a single call of its largest event needs.
const CHUNK_CHARS = 256 * 1024;
const CHUNK_EVENTS = 500;

interface ManyItem {
  /** Position in the caller's array. */
  index: number;
  handler: string;
  json: string;
  event: Record<string, unknown>;
}

/**
 * Runs every event as `runFunction` would, in order, one result per event (same array positions).
 * This is the delivery worker's path: the events of one (version, instance) share one runtime and
 * enter the VM together, so the per-call copy and bookkeeping are paid once per batch rather than
 * once per event. Every guarantee stays per event: a fresh copy of the event and the settings, its
 * own deadline, logs, fetch records, output limit and outcome. A handler that awaits host work
 * (fetch, setTimeout) is driven exactly as a single call before the next event starts; events never
 * interleave. When an event breaches the time, memory or stack limit, the events before it keep their
 * results, the runtime is dropped, and the rest run on a fresh one (see docs/functions-runtime.md).
 * Never throws.
 */
export async function runMany(input: Omit<RunInput, 'event'>, events: Record<string, unknown>[]): Promise<RunResult[]> {
  if (!Array.isArray(events)) return [];
  const limits = resolveLimits(input.limits);
  const startedAt = performance.now();
  const results = new Array<RunResult>(events.length);
  let settingsJson: string | null = null;
  let settingsError = '';
  try {
    settingsJson = JSON.stringify(input.settings ?? {});
  } catch (e) {
    settingsError = e instanceof Error ? e.message : String(e);
  }
  const items: ManyItem[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const raw = event !== null && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
    const type = typeof raw === 'string' ? raw : '';
    const handler = Object.hasOwn(HANDLER_FOR_EVENT_TYPE, type) ? HANDLER_FOR_EVENT_TYPE[type] : undefined;
    const c: OutcomeContext = { kind: input.kind, handler: handler ?? '', limits, startedAt };
    if (!handler) {
      results[i] = early(
        c,
        'not_supported',
        '',
        type ? `Events of type "${type}" have no handler.` : 'The event has no type.',
      );
      delete results[i]!.errorType;
      continue;
    }
    let json: string;
    try {
      if (settingsJson === null) throw new Error(settingsError);
      json = JSON.stringify(event);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      results[i] = early(c, 'failed', 'InvalidInput', `The event or settings cannot be serialised: ${why}`);
      continue;
    }
    if ((json.length + settingsJson.length) * 3 > limits.maxInputBytes) {
      const bytes = Buffer.byteLength(json, 'utf8') + Buffer.byteLength(settingsJson, 'utf8');
      if (bytes > limits.maxInputBytes) {
        results[i] = early(c, 'failed', 'InputLimit', limitMessage('input', limits, String(bytes)));
        continue;
      }
    }
    items.push({ index: i, handler, json, event });
  }
  if (items.length > 0) await runItems(input, limits, settingsJson!, items, results, startedAt);
  return results;
}

async function acquireLease(key: string, code: string, limits: SandboxLimits): Promise<Lease> {
  return pool.tryAcquire(key, code, limits) ?? (await pool.acquire(key, code, limits));
}

/** Runs the prepared events in chunks on pooled runtimes; a broken runtime is replaced, never reused. */
async function runItems(
  input: Omit<RunInput, 'event'>,
  limits: SandboxLimits,
  settingsJson: string,
  items: ManyItem[],
  results: RunResult[],
  startedAt: number,
): Promise<void> {
  const key = poolKey(input, limits);
  const context = (handler: string): OutcomeContext => ({ kind: input.kind, handler, limits, startedAt });
  let pos = 0;
  while (pos < items.length) {
    let lease: Lease;
    try {
      lease = await acquireLease(key, input.code, limits);
    } catch (e) {
      for (; pos < items.length; pos++) {
        const it = items[pos]!;
        results[it.index] = loadFailure(e, context(it.handler), input.versionId);
      }
      return;
    }
    // Events the runtime cannot take as a batch, to run one by one once it is released.
    let single: ManyItem[] = [];
    try {
      const { handlers } = lease.sandbox;
      while (pos < items.length && single.length === 0) {
        const chunk: ManyItem[] = [];
        // Where each chunk entry sits in `items` (events without a handler are answered in between).
        const at: number[] = [];
        let chars = 0;
        for (; pos < items.length && chunk.length < CHUNK_EVENTS; pos++) {
          const it = items[pos]!;
          if (!handlers.includes(it.handler)) {
            results[it.index] = toRunResult({ type: 'no_handler' }, null, context(it.handler), 0);
            continue;
          }
          if (chunk.length > 0 && chars + it.json.length > CHUNK_CHARS) break;
          chunk.push(it);
          at.push(pos);
          chars += it.json.length + 1;
        }
        if (chunk.length === 0) break;
        const names = chunk.map((it) => it.handler).join(',');
        const json = chunk.length === 1 ? `[${chunk[0]!.json}]` : `[${chunk.map((it) => it.json).join(',')}]`;
        let out: CallResult[];
        try {
          const pending = lease.sandbox.runMany(names, json, settingsJson, chunk.length, limits);
          out = pending instanceof Promise ? await pending : pending;
        } catch (e) {
          // Not expected (runMany answers every failure); the runtime is not trusted again.
          log.error('function.batch_failed', {
            versionId: input.versionId,
            error: e instanceof Error ? e.name : 'unknown',
          });
          lease.sandbox.broken = true;
          out = [];
        }
        for (let k = 0; k < out.length; k++) {
          const { raw, state } = out[k]!;
          const it = chunk[k]!;
          if (raw.type === 'limit' || raw.type === 'crashed') {
            log.warn('function.limit', {
              versionId: input.versionId,
              limit: raw.type === 'limit' ? raw.limit : 'crashed',
            });
          }
          results[it.index] = toRunResult(raw, state, context(it.handler), state.elapsedMs());
        }
        if (out.length === chunk.length && !lease.sandbox.broken) continue;
        // The runtime broke (or is retired). With nothing answered, the batch itself could not
        // start: each event runs on its own, so only one that cannot be run alone fails. Otherwise
        // the last answer is the event that broke it: a time limit is its own (it had its own
        // deadline); a memory or stack breach, or a crash, may owe something to the batch around it,
        // so that event runs again alone unless it already reached the network. The rest continue
        // on a fresh runtime.
        if (out.length === 0) single = chunk;
        else {
          const last = out[out.length - 1]!;
          if (isRerunnable(last.raw) && last.state.fetches.length === 0) single = [chunk[out.length - 1]!];
          if (out.length < chunk.length) pos = at[out.length]!;
        }
        break;
      }
    } finally {
      lease.release();
    }
    for (const it of single) results[it.index] = await run(input, it.handler, it.event);
  }
}

function isRerunnable(raw: RawOutcome): boolean {
  return raw.type === 'crashed' || (raw.type === 'limit' && (raw.limit === 'memory' || raw.limit === 'stack'));
}

function early(c: OutcomeContext, outcome: RunResult['outcome'], errorType: string, message: string): RunResult {
  return {
    outcome,
    errorType,
    message,
    logs: [],
    logsTruncated: false,
    fetches: [],
    durationMs: Math.round((performance.now() - c.startedAt) * 100) / 100,
  };
}

function poolKey(input: Omit<RunInput, 'event'>, limits: SandboxLimits): string {
  return `${input.versionId}\u0000${input.instanceKey}\u0000${limits.memoryBytes}:${limits.stackBytes}`;
}

function loadFailure(e: unknown, c: OutcomeContext, versionId: string): RunResult {
  if (isSandboxLoadError(e)) {
    const where = e.issue ? ` (line ${e.issue.line}, column ${e.issue.column})` : '';
    const type =
      e.limit === 'timeout'
        ? 'TimeLimit'
        : e.limit === 'memory'
          ? 'MemoryLimit'
          : e.limit === 'stack'
            ? 'StackLimit'
            : 'LoadError';
    const message = e.limit
      ? `${limitMessage(e.limit, c.limits)} while loading`
      : `The code failed to load: ${e.message}${where}`;
    return early(c, 'failed', type, message);
  }
  if (isPoolBusyError(e)) return early(c, 'retry', 'RuntimeBusy', e.message);
  log.error('function.sandbox_unavailable', { versionId, error: e instanceof Error ? e.name : 'unknown' });
  return early(c, 'failed', 'SandboxError', 'The function runtime could not be started.');
}

interface Prepared {
  key: string;
  c: OutcomeContext;
  payloadJson: string;
  settingsJson: string;
}

function finishCall(lease: Lease, p: Prepared, versionId: string, { raw, state }: CallResult): RunResult {
  lease.release();
  if (raw.type === 'limit' || raw.type === 'crashed') {
    log.warn('function.limit', { versionId, limit: raw.type === 'limit' ? raw.limit : 'crashed' });
  }
  return toRunResult(raw, state, p.c);
}

function runOn(lease: Lease, p: Prepared, versionId: string): RunResult | Promise<RunResult> {
  if (!lease.sandbox.handlers.includes(p.c.handler)) {
    lease.release();
    return toRunResult({ type: 'no_handler' }, null, p.c);
  }
  const r = lease.sandbox.run(p.c.handler, p.payloadJson, p.settingsJson, p.c.limits);
  return r instanceof Promise
    ? r.then((done) => finishCall(lease, p, versionId, done))
    : finishCall(lease, p, versionId, r);
}

async function acquireAndRun(p: Prepared, code: string, versionId: string): Promise<RunResult> {
  let lease: Lease;
  try {
    lease = await pool.acquire(p.key, code, p.c.limits);
  } catch (e) {
    return loadFailure(e, p.c, versionId);
  }
  return runOn(lease, p, versionId);
}

// Synchronous until the sandbox has to wait for something (a new runtime, a fetch, a timer): the
// hot path of an idle runtime and a handler that settles at once creates one promise, the answer.
function run(input: Omit<RunInput, 'event'>, handler: string, payload: unknown): Promise<RunResult> {
  const limits = resolveLimits(input.limits);
  const c: OutcomeContext = { kind: input.kind, handler, limits, startedAt: performance.now() };
  let payloadJson: string;
  let settingsJson: string;
  try {
    payloadJson = JSON.stringify(payload);
    settingsJson = JSON.stringify(input.settings ?? {});
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return Promise.resolve(early(c, 'failed', 'InvalidInput', `The event or settings cannot be serialised: ${why}`));
  }
  // UTF-16 length bounds the UTF-8 size from below and three times it from above: count bytes only near the limit.
  if ((payloadJson.length + settingsJson.length) * 3 > limits.maxInputBytes) {
    const bytes = Buffer.byteLength(payloadJson, 'utf8') + Buffer.byteLength(settingsJson, 'utf8');
    if (bytes > limits.maxInputBytes)
      return Promise.resolve(early(c, 'failed', 'InputLimit', limitMessage('input', limits, String(bytes))));
  }
  const p: Prepared = { key: poolKey(input, limits), c, payloadJson, settingsJson };
  let lease: Lease | null;
  try {
    lease = pool.tryAcquire(p.key, input.code, limits);
  } catch (e) {
    return Promise.resolve(loadFailure(e, c, input.versionId));
  }
  if (!lease) return acquireAndRun(p, input.code, input.versionId);
  return Promise.resolve(runOn(lease, p, input.versionId));
}

/** Tunes the process-wide pool (sizes, idle TTL); the lead wires this to configuration. */
export function configureSandboxPool(patch: Partial<PoolConfig>): void {
  pool.configure(patch);
}

export function sandboxPoolStats(): PoolStats {
  return pool.stats();
}

/** Disposes every idle runtime (tests, benches, shutdown). */
export function clearSandboxPool(): void {
  pool.clear();
}
