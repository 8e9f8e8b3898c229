import 'server-only';
import { removeRedFields } from '@/lib/privacy/block';
import { formatPath, type PathSegment } from '@/lib/crypto/paths';
import {
  applyProtection,
  PROTECTED_SECTIONS,
  STAMP_KEY,
  type CompiledPolicy,
  type FieldReport,
} from '@/lib/crypto/transform';
import { normalizeKey } from '@/lib/privacy/normalize';
import type { Classifier } from '@/lib/privacy/classify';
import { isExposure } from '@/lib/destinations/exposure';
import type { BaaStatus } from '@/lib/destinations/catalog';
import type { PreviewFieldView, PreviewWarningView, TreatmentLabel } from '@/lib/schemas/encryption';

// Pure core of "Preview what this destination receives": the same steps, in the
// same order, as the delivery worker: block Red at source →
// consent / integrations filter → hash / encrypt with the destination's compiled policy.

/** Most destinations (and Segment's own API) reject events over 32 KB. */
export const OUTGOING_LIMIT_BYTES = 32 * 1024;

/**
 * What colours a field: the workspace classifier for a real event; for the blast
 * radius, the observed fields' colours (lib/destinations/exposure.ts observedFieldColor).
 */
export type FieldJudge = Pick<Classifier, 'classifyLeaf' | 'colorForPath'>;

export interface PreviewCoreInput {
  event: Record<string, unknown>;
  /** Debugger events were blocked at ingest: these key paths are already gone. */
  alreadyBlocked: readonly string[] | null;
  blockRed: boolean;
  classifier: FieldJudge;
  /** The delivery filter (consent, integrations, event types the sender refuses): reason, or null to send. */
  filter: (event: Record<string, unknown>) => string | null;
  /** The destination's compiled policy as the delivery worker holds it; null = nothing to protect. */
  policy: CompiledPolicy | null;
  /** A configuration problem that makes delivery fail closed (e.g. no sender for this type). */
  deliveryProblem: string | null;
  effectiveBaa: BaaStatus;
  destinationEnabled: boolean;
}

export interface PreviewCoreResult {
  /** The input as the preview shows it: after blocking at source. */
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  outputBytes: number;
  delivery: { wouldSend: boolean; reason: string | null };
  fields: PreviewFieldView[];
  warnings: PreviewWarningView[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function colorOf(c: FieldJudge, keyPath: string, key: string, value: unknown): PreviewFieldView['color'] {
  if (typeof value === 'object' && value !== null) return c.colorForPath(keyPath)?.color ?? null;
  if (value === null || value === undefined) return c.colorForPath(keyPath)?.color ?? null;
  return c.classifyLeaf(keyPath, key, value)?.color ?? null;
}

interface Walk {
  c: FieldJudge;
  report: Map<string, FieldReport>;
  out: PreviewFieldView[];
}

function walk(w: Walk, value: unknown, segs: PathSegment[], keyPath: string, key: string): void {
  const path = formatPath(segs);
  const r = w.report.get(path);
  if (r) {
    w.out.push({
      path,
      label: r.action as TreatmentLabel,
      color: colorOf(w.c, keyPath, key, value),
      originalType: r.originalType,
      note: null,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(w, v, [...segs, i], `${keyPath}[]`, key));
    return;
  }
  if (isObject(value)) {
    for (const k of Object.keys(value)) {
      if (segs.length === 1 && segs[0] === 'context' && k === STAMP_KEY) {
        w.out.push({
          path: formatPath([...segs, k]),
          label: 'dropped',
          color: null,
          originalType: typeName(value[k]),
          note: 'Reserved for encryption metadata: any incoming value is replaced.',
        });
        continue;
      }
      walk(w, value[k], [...segs, k], `${keyPath}.${k}`, k);
    }
    return;
  }
  w.out.push({
    path,
    label: 'clear',
    color: colorOf(w.c, keyPath, key, value),
    originalType: typeName(value),
    note: null,
  });
}

/** Step one, as at ingest: Red fields blocked at source (a Debugger event was already blocked when stored). */
export function blockAtSource(p: Pick<PreviewCoreInput, 'event' | 'alreadyBlocked' | 'blockRed' | 'classifier'>): {
  input: Record<string, unknown>;
  blocked: string[];
} {
  const input = structuredClone(p.event);
  if (p.alreadyBlocked) return { input, blocked: [...p.alreadyBlocked] };
  if (!p.blockRed) return { input, blocked: [] };
  const r = removeRedFields(input, p.classifier);
  return { input: r.event, blocked: r.blockedPaths };
}

export function computePreview(p: PreviewCoreInput): PreviewCoreResult {
  const { input, blocked } = blockAtSource(p);
  const reason = p.filter(input);
  // wouldSend answers "does the filter let it through"; a disabled or misconfigured destination is a warning.
  const delivery = { wouldSend: reason === null, reason };
  const { event: output, report } = applyProtection(input, p.policy ?? {}, normalizeKey);

  const fields: PreviewFieldView[] = [];
  for (const k of Object.keys(input)) {
    const v = input[k];
    if (PROTECTED_SECTIONS.includes(k)) continue;
    if (!isObject(v) && !Array.isArray(v))
      fields.push({
        path: formatPath([k]),
        label: 'clear',
        color: null,
        originalType: typeName(v),
        note: 'Identity and routing fields are never encrypted.',
      });
  }
  const w: Walk = { c: p.classifier, report: new Map(report.map((r) => [r.path, r])), out: fields };
  for (const s of PROTECTED_SECTIONS) if (Object.hasOwn(input, s)) walk(w, input[s], [s], s, s);
  for (const b of blocked)
    fields.push({
      path: b,
      label: 'dropped',
      color: 'red',
      originalType: 'unknown',
      note: 'Blocked at source (Red field, Privacy Controls).',
    });

  const outputBytes = Buffer.byteLength(JSON.stringify(output));
  const warnings: PreviewWarningView[] = [];
  if (reason) warnings.push({ code: 'filtered', message: `Would be filtered. ${reason}`, paths: [] });
  if (p.deliveryProblem)
    warnings.push({ code: 'delivery_problem', message: `Would not be delivered: ${p.deliveryProblem}`, paths: [] });
  if (!p.destinationEnabled)
    warnings.push({
      code: 'destination_disabled',
      message: 'This destination is disabled: nothing is sent until it is enabled.',
      paths: [],
    });
  const stringified = report.filter((r) => r.action !== 'dropped' && r.originalType !== 'string');
  if (stringified.length) {
    warnings.push({
      code: 'becomes_string',
      message: `${stringified.length} field${stringified.length === 1 ? '' : 's'} change type: encrypted and hashed values are always strings, so a destination expecting ${[...new Set(stringified.map((r) => `a ${r.originalType}`))].join(' or ')} will see text.`,
      paths: stringified.map((r) => `${r.path} (${r.originalType} → string)`),
    });
  }
  if (outputBytes > OUTGOING_LIMIT_BYTES) {
    warnings.push({
      code: 'over_size_limit',
      message: `The outgoing event is ${(outputBytes / 1024).toFixed(1)} KB after encryption, over the 32 KB per-event limit; the destination may reject it.`,
      paths: [],
    });
  }
  if (p.effectiveBaa !== 'signs') {
    const exposed = fields.filter((f) => isExposure(p.effectiveBaa, f.label, f.color));
    if (exposed.length) {
      const who =
        p.effectiveBaa === 'does_not_sign'
          ? 'a destination that does not sign a BAA'
          : 'a destination without a recorded BAA';
      warnings.push({
        code: 'sensitive_in_clear_without_baa',
        message: `${exposed.length} Red/Yellow field${exposed.length === 1 ? '' : 's'} would go in clear to ${who}. Encrypt, hash or block them.`,
        paths: exposed.map((f) => `${f.path} (${f.color})`),
      });
    }
  }
  return { input, output, outputBytes, delivery, fields, warnings };
}
