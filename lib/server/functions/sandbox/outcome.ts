import 'server-only';
import type { FunctionKind } from '@/lib/functions/types';
import type { CallState } from '@/lib/server/functions/sandbox/call-state';
import { formatBytes, type SandboxLimits } from '@/lib/server/functions/sandbox/limits';
import type { LimitKind, RawOutcome, RunOutcome, RunResult } from '@/lib/server/functions/sandbox/types';

const LIMIT_TYPES: Record<LimitKind, string> = {
  timeout: 'TimeLimit',
  memory: 'MemoryLimit',
  stack: 'StackLimit',
  output: 'OutputLimit',
  input: 'InputLimit',
};

export function limitMessage(limit: LimitKind, limits: SandboxLimits, detail?: string): string {
  switch (limit) {
    case 'timeout':
      return `Function exceeded its ${limits.timeoutMs} ms time limit`;
    case 'memory':
      return `Function exceeded its ${formatBytes(limits.memoryBytes)} memory limit`;
    case 'stack':
      return `Function exceeded its maximum call stack depth (${formatBytes(limits.stackBytes)} of stack)`;
    case 'output':
      return `The returned value is ${detail ?? 'more than'} bytes of JSON; the limit is ${limits.maxOutputBytes} bytes`;
    case 'input':
      return `The event and settings are ${detail ?? 'more than'} bytes of JSON; the limit is ${limits.maxInputBytes} bytes`;
  }
}

/** JSON.parse without `__proto__` keys: the value is handed to code that may Object.assign it. */
function parseReturned(json: string): unknown {
  if (!json.includes('"__proto__"')) return JSON.parse(json);
  return JSON.parse(json, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

function isEventObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface OutcomeContext {
  kind: FunctionKind;
  handler: string;
  limits: SandboxLimits;
  startedAt: number;
}

type Verdict = Pick<RunResult, 'outcome' | 'errorType' | 'message' | 'returned'>;

function verdict(raw: RawOutcome, c: OutcomeContext): Verdict {
  switch (raw.type) {
    case 'returned': {
      const value = raw.json === undefined ? undefined : parseReturned(raw.json);
      if (c.kind === 'destination') return value === undefined ? { outcome: 'ok' } : { outcome: 'ok', returned: value };
      if (value === undefined || value === null) {
        return { outcome: 'dropped', message: 'The insert function returned no event, so the event is dropped.' };
      }
      if (!isEventObject(value)) {
        return {
          outcome: 'failed',
          errorType: 'InvalidReturn',
          message: 'An insert function must return the event object, or null to drop it.',
          returned: value,
        };
      }
      return { outcome: 'ok', returned: value };
    }
    case 'threw': {
      const outcome: RunOutcome = raw.kind === 'retry' ? 'retry' : raw.kind === 'drop' ? 'dropped' : 'failed';
      return { outcome, errorType: raw.name, message: raw.message };
    }
    case 'no_handler':
      return { outcome: 'not_supported', message: `The function does not define ${c.handler}.` };
    case 'not_json':
      return {
        outcome: 'failed',
        errorType: 'InvalidReturn',
        message: `The returned value is not JSON-serialisable: ${raw.reason}`,
      };
    case 'limit':
      return {
        outcome: 'failed',
        errorType: LIMIT_TYPES[raw.limit],
        message: limitMessage(raw.limit, c.limits, raw.detail),
      };
    case 'stalled':
      return {
        outcome: 'failed',
        errorType: 'NeverSettled',
        message: "The handler's promise never settled: it awaited something that can never complete.",
      };
    case 'crashed':
      return { outcome: 'failed', errorType: 'SandboxError', message: raw.message };
  }
}

/**
 * Maps what the sandbox produced to the public result.
 *
 * A refused URL (SSRF guard) or a breached fetch limit ends the call `failed` with that reason even
 * when the code catches the rejection and throws RetryError, as the recipe does for every fetch
 * error: the same URL is refused on every attempt, so a retry would only repeat the refusal until
 * the retry budget runs out. If the code recovers and returns normally, its outcome stands and the
 * refusal is visible in `fetches`.
 */
export function toRunResult(
  raw: RawOutcome,
  state: CallState | null,
  c: OutcomeContext,
  durationMs = Math.round((performance.now() - c.startedAt) * 100) / 100,
): RunResult {
  const v = verdict(raw, c);
  if (state?.policyError && v.outcome === 'retry') {
    v.outcome = 'failed';
    v.errorType = 'FetchRefused';
    v.message = state.policyError;
  }
  // Built field by field: object spread is several microseconds here, on a path run per event.
  const result: RunResult = {
    outcome: v.outcome,
    logs: state ? state.logs : [],
    logsTruncated: state ? state.logsTruncated : false,
    fetches: state ? state.fetches : [],
    durationMs,
  };
  if (v.errorType !== undefined) result.errorType = v.errorType;
  if (v.message !== undefined) result.message = v.message;
  if ('returned' in v) result.returned = v.returned;
  return result;
}
