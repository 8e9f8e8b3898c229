import 'server-only';
import type { BaaStatus } from '@/lib/destinations/catalog';
import { isExposure } from '@/lib/destinations/exposure';
import type { DestinationRuntime } from '@/lib/server/destinations/runtime';
import { filterReason } from '@/lib/server/destinations/consent-gate';
import { insertOutcomeOf, sendResultOf } from '@/lib/server/destinations/function-run';
import { blockAtSource, computePreview, type FieldJudge } from '@/lib/server/destinations/protection/preview-core';
import { coveredPolicy } from '@/lib/server/destinations/protection/coverage';
import {
  fatesOf,
  fieldsByFate,
  outputOf,
  previewRunOf,
  runForPreview,
} from '@/lib/server/destinations/protection/function-preview';
import type { FunctionPreviewRun, PreviewFieldView, PreviewWarningView } from '@/lib/schemas/encryption';

// What one event becomes on its way to one destination, in the delivery worker's
// order: block at source → consent and routing → Insert Function → protection →
// sender (a Destination Function is the sender, run in capture mode: nothing is
// sent). Preview shows it for one event; the PHI blast radius (and so the
// Overview) runs it over events that carry every observed field path. One
// computation, so the two cannot disagree about what a destination receives.

export interface OutgoingInput {
  event: Record<string, unknown>;
  /** Debugger events were blocked at ingest: these key paths are already gone. */
  alreadyBlocked: readonly string[] | null;
  blockRed: boolean;
  classifier: FieldJudge;
  effectiveBaa: BaaStatus;
  destinationEnabled: boolean;
  /**
   * Apply consent and the sender's routing filter. The blast radius does not: it asks
   * what the destination can receive, and consent differs from one event to the next.
   */
  applyFilter: boolean;
  /** Run the destination's functions. Off for events made up of placeholder values (code may depend on them). */
  runFunctions: boolean;
}

export interface OutgoingResult {
  /** The event after blocking at source. */
  input: Record<string, unknown>;
  output: unknown;
  outputBytes: number;
  delivery: { wouldSend: boolean; reason: string | null };
  /** Why the event would not go on (the filter or an Insert Function), or null. */
  stopped: { by: 'filter' | 'insert'; reason: string } | null;
  fields: PreviewFieldView[];
  warnings: PreviewWarningView[];
  functions: FunctionPreviewRun[];
}

export async function computeOutgoing(rt: DestinationRuntime, p: OutgoingInput): Promise<OutgoingResult> {
  const base = { blockRed: p.blockRed, classifier: p.classifier };
  const staged = blockAtSource({ event: p.event, alreadyBlocked: p.alreadyBlocked, ...base });
  const reason = p.applyFilter
    ? (filterReason(staged.input, rt.consent) ?? rt.sender?.unsupported(staged.input, rt.config) ?? null)
    : null;
  let stopped: OutgoingResult['stopped'] = reason ? { by: 'filter', reason } : null;
  const functions: FunctionPreviewRun[] = [];
  let event = staged.input;
  if (p.runFunctions && rt.insert && !stopped) {
    const run = await runForPreview(rt.insert, event);
    functions.push(previewRunOf(rt.insert, 'insert', run));
    const out = insertOutcomeOf(rt.insert, run);
    if (out.kind === 'event') event = out.event;
    else stopped = { by: 'insert', reason: out.result.error ?? 'The Insert Function stopped the event.' };
  }
  const r = computePreview({
    event,
    ...base,
    alreadyBlocked: staged.blocked,
    filter: () => stopped?.reason ?? null,
    // The policy the delivery worker applies: chosen fields cover their synonyms (coverage.ts).
    policy: await coveredPolicy(rt),
    deliveryProblem: rt.problem ?? (rt.sender ? null : 'this destination type has no event sender in this build.'),
    effectiveBaa: p.effectiveBaa,
    destinationEnabled: p.destinationEnabled,
  });
  let output: unknown = r.output;
  let outputBytes = r.outputBytes;
  let fields = r.fields;
  let warnings = r.warnings;
  const byPath = new Map(r.fields.map((f) => [f.path, f]));
  const colorOf = (path: string) => byPath.get(path)?.color ?? null;
  const typeOf = (path: string) => byPath.get(path)?.originalType ?? 'unknown';
  if (p.runFunctions && rt.insert && event !== staged.input) {
    // What the Insert Function removed or changed never reaches the destination's protection step.
    const fates = fatesOf(staged.input, { texts: [JSON.stringify(event)], values: [event] });
    const gone = fieldsByFate(
      new Map([...fates].filter(([path, fate]) => fate !== 'clear' && !byPath.has(path))),
      () => null,
      () => 'unknown',
      `Insert Function "${rt.insert.name}"`,
    );
    fields = [...fields, ...gone];
  }
  const fn = rt.config.fn;
  if (p.runFunctions && fn && !stopped) {
    const run = await runForPreview(fn, r.output);
    functions.push(previewRunOf(fn, 'destination', run));
    const sent = outputOf(fn, run);
    fields = fieldsByFate(fatesOf(staged.input, sent), colorOf, typeOf, `The function "${fn.name}"`);
    output = { requests: run.fetches.map((f) => ({ method: f.method, url: f.url, body: bodyOf(f.requestBody) })) };
    outputBytes = Buffer.byteLength(JSON.stringify(output));
    // The function, not the built-in transform, decides what leaves: its own warnings replace the transform's.
    warnings = warnings.filter((w) => w.code !== 'sensitive_in_clear_without_baa');
    const result = sendResultOf(fn, run);
    if (result.outcome !== 'delivered') {
      warnings.push({
        code: 'delivery_problem',
        message: `The function would not deliver this event: ${result.error ?? result.outcome}.`,
        paths: [],
      });
    }
    const clear = fields.filter((f) => isExposure(p.effectiveBaa, f.label, f.color));
    if (clear.length) {
      warnings.push({
        code: 'sensitive_in_clear_without_baa',
        message: `${clear.length} Red/Yellow field${clear.length === 1 ? '' : 's'} would leave in clear through the function, to a receiver without a recorded BAA. Remove or hash them in the code.`,
        paths: clear.map((f) => `${f.path} (${f.color})`),
      });
    }
  }
  return { input: staged.input, output, outputBytes, delivery: r.delivery, stopped, fields, warnings, functions };
}

/** A request body as JSON when it parses, so it can be masked and read; otherwise the text. */
export function bodyOf(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
