import 'server-only';
import { runFunction, runMany, type RunInput, type RunResult } from '@/lib/server/functions/sandbox';
import { HANDLER_FOR_EVENT_TYPE } from '@/lib/functions/types';
import type { FunctionBinding, FunctionLog, SendResult } from '@/lib/server/destinations/senders/types';

// One event through a deployed function bound to a destination, and what its
// run means for delivery (Segment's contract): RetryError retries with backoff,
// DropEvent / EventNotSupported and a missing handler filter the event, any other
// error fails it with its message, and returning normally delivers (Destination
// Function) or passes the returned event on (Insert Function).

const MAX_LOG_LINES = 50;
const MAX_LOG_CHARS = 500;
const MAX_FETCHES = 10;

function inputOf(fn: FunctionBinding, capture: boolean): Omit<RunInput, 'event'> {
  return {
    versionId: fn.versionId,
    code: fn.code,
    kind: fn.kind,
    instanceKey: capture ? `preview:${fn.instanceKey}` : fn.instanceKey,
    settings: { ...fn.settings },
    ...(capture ? { limits: { captureFetch: true } } : {}),
  };
}

/** One event. `capture` (Preview): fetch calls are recorded with their bodies, and nothing is sent. */
export function runBound(fn: FunctionBinding, event: Record<string, unknown>, capture = false): Promise<RunResult> {
  return runFunction({ ...inputOf(fn, capture), event });
}

/**
 * Many events through one sandbox entry (the delivery worker's chunks): the same
 * per-event results as runBound, at a fraction of the cost per event.
 */
export function runBoundMany(fn: FunctionBinding, events: Record<string, unknown>[]): Promise<RunResult[]> {
  return runMany(inputOf(fn, false), events);
}

/** Why an event of this type never reaches the function's code, or null. */
export function unsupportedBy(fn: FunctionBinding, event: Record<string, unknown>): string | null {
  const type = typeof event.type === 'string' ? event.type : '';
  const handler = Object.hasOwn(HANDLER_FOR_EVENT_TYPE, type) ? HANDLER_FOR_EVENT_TYPE[type] : undefined;
  if (!handler) return `Not supported: "${fn.name}" handles no events of type "${type || 'unknown'}".`;
  if (!fn.handlers.includes(handler)) return `Not supported: "${fn.name}" defines no ${handler} handler.`;
  return null;
}

/** The attempt's log: bounded, and without response bodies (PHI may echo back). */
export function functionLogOf(fn: FunctionBinding, r: RunResult): FunctionLog {
  return {
    function: fn.name,
    version: fn.version,
    outcome: r.outcome,
    errorType: r.errorType ?? null,
    logs: r.logs.slice(0, MAX_LOG_LINES).map((l) => ({ level: l.level, message: l.message.slice(0, MAX_LOG_CHARS) })),
    logsTruncated:
      r.logsTruncated || r.logs.length > MAX_LOG_LINES || r.logs.some((l) => l.message.length > MAX_LOG_CHARS),
    fetches: r.fetches.slice(0, MAX_FETCHES).map((f) => ({
      method: f.method,
      url: f.url.slice(0, 500),
      status: f.status,
      ...(f.error ? { error: f.error.slice(0, 300) } : {}),
      durationMs: Math.round(f.durationMs),
    })),
    durationMs: Math.round(r.durationMs),
  };
}

function described(r: RunResult, fallback: string): string {
  const text = [r.errorType, r.message].filter(Boolean).join(': ');
  return (text || fallback).slice(0, 500);
}

/** A Destination Function's run as the delivery's outcome. */
export function sendResultOf(fn: FunctionBinding, r: RunResult): SendResult {
  const functionLog = functionLogOf(fn, r);
  const last = r.fetches.at(-1)?.status ?? undefined;
  const status = last === null ? undefined : last;
  switch (r.outcome) {
    case 'ok':
      return { outcome: 'delivered', status, functionLog };
    case 'retry':
      return { outcome: 'retry', status, error: described(r, 'RetryError'), functionLog };
    case 'dropped':
      return { outcome: 'filtered', error: `Dropped by the function (${described(r, 'DropEvent')}).`, functionLog };
    case 'not_supported':
      return { outcome: 'filtered', error: `Not supported: ${described(r, 'no handler')}.`, functionLog };
    default:
      return { outcome: 'failed', status, error: described(r, 'The function failed.'), functionLog };
  }
}

export type InsertOutcome =
  { kind: 'event'; event: Record<string, unknown>; log: FunctionLog } | { kind: 'result'; result: SendResult };

/** An Insert Function's run: the event to pass on, or the delivery outcome that ends here. */
export function insertOutcomeOf(fn: FunctionBinding, r: RunResult): InsertOutcome {
  const log = functionLogOf(fn, r);
  if (r.outcome === 'ok') {
    const v = r.returned;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      return { kind: 'event', event: v as Record<string, unknown>, log };
    return {
      kind: 'result',
      result: {
        outcome: 'failed',
        error: `Insert Function "${fn.name}" must return the event (an object) or null.`,
        functionLog: log,
      },
    };
  }
  const sent = sendResultOf(fn, r);
  const prefix = `Insert Function "${fn.name}": `;
  return {
    kind: 'result',
    result: { ...sent, status: undefined, error: sent.error ? prefix + sent.error : undefined },
  };
}
