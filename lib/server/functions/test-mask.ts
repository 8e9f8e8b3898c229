import 'server-only';
import { maskEvent, maskEventForViewer, maskValue } from '@/lib/privacy/mask';
import { isRecord } from '@/lib/privacy/walk';
import type { Classifier } from '@/lib/privacy/classify';
import type { RunResult } from '@/lib/server/functions/sandbox';

// A test run against a Source Debugger event, shown to a viewer without PII
// access, is masked the way the Source Debugger masks it (maskEventForViewer):
// Red and Yellow values (by the workspace's classifier) and the identity fields
// become their shape. What cannot be classified is masked whole (fail closed):
// free-text response bodies, log lines and messages the code itself wrote, query strings.

/** Messages the sandbox writes itself (limits, load errors): they describe the call, not the event. */
const HOST_ERRORS = new Set([
  'TimeLimit',
  'MemoryLimit',
  'StackLimit',
  'OutputLimit',
  'InputLimit',
  'LoadError',
  'NeverSettled',
  'InvalidReturn',
  'InvalidInput',
  'RuntimeBusy',
  'SandboxError',
]);

/**
 * An event (a record with a `type`) is masked as the debugger masks events; any
 * other object is classified leaf by leaf as if it were `properties`, so that its
 * top-level `email` is masked too (maskEvent copies envelope keys as they are).
 */
export function maskJson(value: unknown, classifier: Classifier): unknown {
  if (Array.isArray(value)) return value.map((v) => maskJson(v, classifier));
  // An event, or anything that is not an object (masked whole).
  if (!isRecord(value) || typeof value.type === 'string')
    return maskEventForViewer(value, classifier, { unmasked: false });
  const wrapped = maskEvent({ properties: { value } }, classifier, { unmasked: false }) as {
    properties: { value: unknown };
  };
  return wrapped.properties.value;
}

function maskText(text: string, classifier: Classifier): string {
  try {
    return JSON.stringify(maskJson(JSON.parse(text), classifier));
  } catch {
    return maskValue(text);
  }
}

function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (!u.search && !u.hash) return raw;
    return `${u.origin}${u.pathname}${u.search ? `?${maskValue(u.search.slice(1))}` : ''}`;
  } catch {
    return maskValue(raw);
  }
}

export function maskRunResult(r: RunResult, classifier: Classifier): RunResult {
  const hostMessage = r.errorType === undefined || HOST_ERRORS.has(r.errorType);
  return {
    ...r,
    ...(r.message !== undefined && !hostMessage ? { message: maskText(r.message, classifier) } : {}),
    ...('returned' in r ? { returned: maskJson(r.returned, classifier) } : {}),
    logs: r.logs.map((l) => ({ level: l.level, message: maskText(l.message, classifier) })),
    fetches: r.fetches.map((f) => ({
      ...f,
      url: maskUrl(f.url),
      ...(f.responseBody !== undefined ? { responseBody: maskText(f.responseBody, classifier) } : {}),
    })),
  };
}
