/**
 * Masking for the Source Debugger "Pretty" view when the viewer lacks PII access.
 *
 * The mask keeps only the type/length shape of a value, never any of its characters.
 * `maskEvent` uses the same precedence as ingestion (`classifier.classifyLeaf`) and
 * fails closed: whatever the classifier would not look at because of the depth/node
 * limits inside `context`/`traits`/`properties` is masked wholesale.
 */
import type { Classifier } from './classify';
import { isSensitive } from './types';
import { EVENT_ROOTS, isRecord } from './walk';

const BULLETS = '••••••••';
/** Outside the PII roots we copy verbatim, but stop at a sane depth so hostile nesting cannot blow the stack. */
const MAX_COPY_DEPTH = 64;

export function maskValue(value: unknown): string {
  if (value === null) return '(null)';
  switch (typeof value) {
    case 'string': {
      const length = [...value].length; // code points, as a person would count them
      if (length === 0) return '(empty string)';
      return `${BULLETS.slice(0, Math.min(length, BULLETS.length))} (${length} char${length === 1 ? '' : 's'})`;
    }
    case 'number':
    case 'bigint':
      return '••• (number)';
    case 'boolean':
      return '••• (boolean)';
    case 'undefined':
      return '(undefined)';
    case 'object':
      return Array.isArray(value)
        ? `••• (array, ${value.length} item${value.length === 1 ? '' : 's'})`
        : '••• (object)';
    default:
      return `••• (${typeof value})`;
  }
}

export interface MaskOptions {
  /** True when the viewer may see PII: the copy is returned unmasked. */
  unmasked: boolean;
}

interface MaskState {
  readonly classifier: Classifier;
  nodes: number;
}

/** Sets a key on a fresh object without triggering the `__proto__` setter. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function copy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_COPY_DEPTH) return maskValue(value);
  if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) put(out, k, copy((value as Record<string, unknown>)[k], depth + 1));
  return out;
}

/** Mirrors `walkEvent`: same key paths, depth and node accounting. */
function maskNode(value: unknown, path: string, key: string, depth: number, state: MaskState): unknown {
  const { limits } = state.classifier;
  if (++state.nodes > limits.maxNodes) return value === null || value === undefined ? value : maskValue(value);
  if (typeof value === 'object' && value !== null) {
    if (depth >= limits.maxDepth) return maskValue(value);
    if (Array.isArray(value)) return value.map((v) => maskNode(v, path + '[]', key, depth + 1, state));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      put(out, k, maskNode((value as Record<string, unknown>)[k], path + '.' + k, k, depth + 1, state));
    }
    return out;
  }
  // null carries no PII, and showing it keeps the debugger faithful.
  if (value === null || value === undefined) return value;
  const hit = state.classifier.classifyLeaf(path, key, value);
  return hit && isSensitive(hit.color) ? maskValue(value) : value;
}

/**
 * Deep copy of `event` with Red/Yellow leaf values in context/traits/properties
 * replaced by `maskValue(...)`. Envelope fields (`event`, `type`, `messageId`, …) are
 * copied as is. With `{ unmasked: true }` it is a plain deep copy.
 */
export function maskEvent<T>(event: T, classifier: Classifier, opts: MaskOptions): T {
  if (opts.unmasked || !isRecord(event)) return copy(event, 0) as T;
  const state: MaskState = { classifier, nodes: 0 };
  // Visit roots in walkEvent's order so the node budget is spent on the same leaves.
  const masked = new Map<string, unknown>();
  for (const root of EVENT_ROOTS) {
    const v = event[root];
    if (typeof v !== 'object' || v === null) continue;
    // The root container itself is depth 0 and does not count as a node, as in walkEvent.
    if (Array.isArray(v))
      masked.set(
        root,
        v.map((item) => maskNode(item, root + '[]', root, 1, state)),
      );
    else {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v))
        put(out, k, maskNode((v as Record<string, unknown>)[k], root + '.' + k, k, 1, state));
      masked.set(root, out);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(event)) put(out, k, masked.has(k) ? masked.get(k) : copy(event[k], 1));
  return out as T;
}

/**
 * Who an event is about and where it came from, masked for a viewer without PII
 * access whatever the classifier says of them: end-user identifiers can be emails or
 * MRNs, and IPs, device ids and the traits copied into `context` are identifiers
 * under HIPAA's Safe Harbor list. A path that is an object (context.traits) is masked
 * leaf by leaf, so its shape stays readable.
 */
export const IDENTITY_PATHS: readonly (readonly string[])[] = [
  ['userId'],
  ['anonymousId'],
  ['previousId'],
  ['context', 'ip'],
  ['context', 'traits'],
  ['context', 'device', 'id'],
  ['context', 'device', 'advertisingId'],
];

function maskLeaves(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object') return maskValue(value);
  if (depth >= MAX_COPY_DEPTH) return maskValue(value);
  if (Array.isArray(value)) return value.map((v) => maskLeaves(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) put(out, k, maskLeaves((value as Record<string, unknown>)[k], depth + 1));
  return out;
}

function maskPath(target: Record<string, unknown>, path: readonly string[]): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (!isRecord(next)) return;
    node = next;
  }
  const last = path[path.length - 1]!;
  if (Object.hasOwn(node, last)) put(node, last, maskLeaves(node[last], 0));
}

/**
 * The one way event data is shown to a console viewer: the Source Debugger, Event
 * Delivery details, Preview and the function Test panel all return what this gives.
 * Without PII access, Red and Yellow values (by the workspace classifier, as
 * `maskEvent`) and the identity fields (`IDENTITY_PATHS`) become their shape; with
 * it, a plain deep copy. Anything that is not an object is masked whole.
 */
export function maskEventForViewer<T>(event: T, classifier: Classifier, opts: MaskOptions): T {
  if (opts.unmasked) return copy(event, 0) as T;
  if (!isRecord(event)) return (event === null || event === undefined ? event : maskLeaves(event, 0)) as T;
  const masked = maskEvent(event, classifier, { unmasked: false }) as Record<string, unknown>;
  for (const path of IDENTITY_PATHS) maskPath(masked, path);
  return masked as T;
}
