/**
 * "Block at source" (Segment Privacy Controls): remove Red fields from an event
 * before it is stored, so no destination, replay or debugger ever sees them.
 *
 * Pure and non-mutating: containers are copied only along the paths that change, so
 * an event without Red fields comes back as the very same object. Reported paths are
 * the Privacy Portal's key paths (`properties.items[].ssn`), which is what the Source
 * Debugger shows as "blocked".
 *
 * Only `context`, `traits` and `properties` are visited, as in classification. Unlike
 * classification there is no node budget here: stopping early would store a Red value.
 * Nesting deeper than MAX_DEPTH (far beyond the ingest limit) is removed wholesale and
 * reported, failing closed instead of overflowing the stack.
 */
import type { Classifier } from './classify';
import { EVENT_ROOTS, isRecord } from './walk';

export const MAX_BLOCKED_PATHS = 200;
const MAX_DEPTH = 128;

type Judge = Pick<Classifier, 'classifyLeaf' | 'colorForPath'>;

interface State {
  readonly c: Judge;
  readonly paths: Set<string>;
}

export interface RemoveRedResult<T> {
  event: T;
  /** Distinct key paths removed (at most MAX_BLOCKED_PATHS listed). */
  blockedPaths: string[];
}

function note(s: State, path: string): void {
  if (s.paths.size < MAX_BLOCKED_PATHS) s.paths.add(path);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** Sets a key on a fresh object without triggering the `__proto__` setter. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function redLeaf(s: State, path: string, key: string, v: unknown): boolean {
  return v !== null && v !== undefined && s.c.classifyLeaf(path, key, v)?.color === 'red';
}

function array(s: State, arr: readonly unknown[], path: string, key: string, depth: number): unknown[] {
  const itemPath = path + '[]';
  let out: unknown[] | null = null;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    let next: unknown = v;
    let drop = false;
    if (isContainer(v)) {
      if (depth + 1 >= MAX_DEPTH) drop = true;
      else next = container(s, v, itemPath, key, depth + 1);
    } else drop = redLeaf(s, itemPath, key, v);
    if (drop) note(s, itemPath);
    if (out === null && (drop || next !== v)) out = arr.slice(0, i);
    if (out !== null && !drop) out.push(next);
  }
  return out ?? (arr as unknown[]);
}

function container(s: State, node: object, path: string, key: string, depth: number): object {
  if (Array.isArray(node)) return array(s, node, path, key, depth);
  const o = node as Record<string, unknown>;
  const keys = Object.keys(o);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const childPath = path + '.' + k;
    const v = o[k];
    let next: unknown = v;
    let drop: boolean;
    if (isContainer(v)) {
      // A Red key (or an explicit Red rule on this path) takes its whole subtree with it.
      drop = depth + 1 >= MAX_DEPTH || s.c.colorForPath(childPath)?.color === 'red';
      if (!drop) next = container(s, v, childPath, k, depth + 1);
    } else drop = redLeaf(s, childPath, k, v);
    if (drop) note(s, childPath);
    if (out === null && (drop || next !== v)) {
      out = {};
      for (let j = 0; j < i; j++) put(out, keys[j], o[keys[j]]);
    }
    if (out !== null && !drop) put(out, k, next);
  }
  return out ?? o;
}

/** Returns the event without its Red fields, and the key paths that were removed. */
export function removeRedFields<T>(event: T, classifier: Judge): RemoveRedResult<T> {
  if (!isRecord(event)) return { event, blockedPaths: [] };
  const s: State = { c: classifier, paths: new Set() };
  let out: Record<string, unknown> | null = null;
  for (const root of EVENT_ROOTS) {
    const v = event[root];
    if (!isContainer(v)) continue;
    const next = container(s, v, root, root, 0);
    if (next !== v) {
      if (out === null) {
        out = {};
        for (const k of Object.keys(event)) put(out, k, event[k]);
      }
      out[root] = next;
    }
  }
  return { event: (out ?? event) as T, blockedPaths: [...s.paths] };
}
