import 'server-only';
import { HANDLER_FOR_EVENT_TYPE } from '@/lib/functions/types';
import { log } from '@/lib/server/log';
import { resolveLimits, type SandboxLimits } from '@/lib/server/functions/sandbox/limits';
import { limitMessage, toRunResult, type OutcomeContext } from '@/lib/server/functions/sandbox/outcome';
import {
  PoolBusyError,
  SandboxPool,
  type Lease,
  type PoolConfig,
  type PoolStats,
} from '@/lib/server/functions/sandbox/pool';
import { SandboxLoadError, type CallResult } from '@/lib/server/functions/sandbox/sandbox';
import type { BatchInput, RunInput, RunResult } from '@/lib/server/functions/sandbox/types';

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

// One pool per process, kept on globalThis so a dev-server module reload does not orphan runtimes.
const g = globalThis as unknown as { __pcFunctionPool?: SandboxPool };
const pool = (g.__pcFunctionPool ??= new SandboxPool());

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
  if (e instanceof SandboxLoadError) {
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
  if (e instanceof PoolBusyError) return early(c, 'retry', 'RuntimeBusy', e.message);
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
