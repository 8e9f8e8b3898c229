import 'server-only';
import type { RunResult } from '@/lib/server/functions/sandbox';
import { runBound } from '@/lib/server/destinations/function-run';
import type { FunctionBinding } from '@/lib/server/destinations/senders/types';
import type { FunctionPreviewRun, PreviewFieldView } from '@/lib/schemas/encryption';

// What a function does to an event, for Preview and the PHI blast radius. A
// function's code cannot be read for what it removes, so it is run: in capture
// mode (its fetch calls are recorded with their bodies and nothing is sent) on the
// event, and each field of the event is then found — or not — in what would leave.
// A value that appears anywhere in an outgoing request (body or URL) goes in
// clear; a field whose key is still there with another value was changed (hashed,
// encrypted, pseudonymised); otherwise the function removed it. When unsure the
// answer is "clear": the console never under-reports PHI.

export type FieldFate = 'clear' | 'changed' | 'removed';

/** What would leave: each request's body (JSON when it parses) and URL; an Insert Function's returned event. */
export interface FunctionOutput {
  texts: string[];
  values: unknown[];
}

export function outputOf(fn: FunctionBinding, r: RunResult): FunctionOutput {
  if (fn.kind === 'insert') {
    return r.outcome === 'ok' && r.returned !== undefined && r.returned !== null
      ? { texts: [JSON.stringify(r.returned)], values: [r.returned] }
      : { texts: [], values: [] };
  }
  const texts: string[] = [];
  const values: unknown[] = [];
  for (const f of r.fetches) {
    texts.push(decodeURIComponentSafe(f.url));
    if (f.requestBody === undefined) continue;
    texts.push(f.requestBody);
    try {
      values.push(JSON.parse(f.requestBody));
    } catch {
      values.push(f.requestBody);
    }
  }
  return { texts, values };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Every leaf of `v` with its path (`properties.email`, `properties.items[0].sku`). */
export function leaves(v: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  } else if (path) out.push([path, v]);
  return out;
}

const lastKey = (path: string) =>
  path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .pop() ?? path;

/** The fate of each leaf of `input` in `out`. */
export function fatesOf(input: Record<string, unknown>, out: FunctionOutput): Map<string, FieldFate> {
  const outLeaves = out.values.flatMap((v) => leaves(v));
  const outKeys = new Set(outLeaves.map(([p]) => lastKey(p)));
  const outValues = new Set(outLeaves.map(([, x]) => JSON.stringify(x)));
  const fates = new Map<string, FieldFate>();
  for (const [path, value] of leaves(input)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // Short scalars (true, 1, "US") match too easily by accident: judge those by an exact leaf value.
    const seen =
      text.length >= 4
        ? out.texts.some((t) => t.includes(text) || t.includes(JSON.stringify(text).slice(1, -1)))
        : outValues.has(JSON.stringify(value));
    fates.set(path, seen ? 'clear' : outKeys.has(lastKey(path)) ? 'changed' : 'removed');
  }
  return fates;
}

const FATE_LABEL: Record<FieldFate, PreviewFieldView['label']> = {
  clear: 'clear',
  changed: 'hashed',
  removed: 'dropped',
};
const FATE_NOTE: Record<FieldFate, (who: string) => string> = {
  clear: (who) => `${who} sends this value as it is.`,
  changed: (who) => `${who} changes this value before sending it (hashed, encrypted or replaced).`,
  removed: (who) => `${who} does not send this field.`,
};

/** The Preview's field list for a function's output, coloured as the input's fields were. */
export function fieldsByFate(
  fates: Map<string, FieldFate>,
  colorOf: (path: string) => PreviewFieldView['color'],
  typeOf: (path: string) => string,
  who: string,
): PreviewFieldView[] {
  return [...fates].map(([path, fate]) => ({
    path,
    label: FATE_LABEL[fate],
    color: colorOf(path),
    originalType: typeOf(path),
    note: FATE_NOTE[fate](who),
  }));
}

/** One function run as Preview shows it (the requests it would make, not made). */
export function previewRunOf(fn: FunctionBinding, role: 'insert' | 'destination', r: RunResult): FunctionPreviewRun {
  return {
    role,
    name: fn.name,
    version: fn.version,
    outcome: r.outcome,
    errorType: r.errorType ?? null,
    message: r.message ?? null,
    returned: r.returned ?? null,
    requests: r.fetches.map((f) => ({ method: f.method, url: f.url, body: f.requestBody ?? null })),
    logs: r.logs,
    logsTruncated: r.logsTruncated,
    durationMs: r.durationMs,
  };
}

/** Runs a function on a copy of the event in capture mode: nothing leaves the server. */
export function runForPreview(fn: FunctionBinding, event: Record<string, unknown>): Promise<RunResult> {
  return runBound(fn, structuredClone(event), true);
}
