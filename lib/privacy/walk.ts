/**
 * Bounded walk over the parts of a Segment event that can carry PII.
 *
 * Only `context`, `traits` and `properties` are visited (at any depth), so envelope
 * fields such as `messageId`, `timestamp` or `event` are never classified. Limits keep
 * hostile events cheap: `maxDepth` stops descent, `maxNodes` bounds total work (arrays
 * of a million elements collapse to one key path but would still cost a million
 * visits), and the visitor can stop the walk (used for `maxFields`).
 */

export const EVENT_ROOTS = ['context', 'traits', 'properties'] as const;

export interface WalkLimits {
  /** Containers at this depth are not descended (`properties` is depth 0, `properties.a` depth 1). */
  maxDepth: number;
  /** Distinct key paths reported per event. */
  maxFields: number;
  /** Values (leaves and containers) visited per event. */
  maxNodes: number;
}

export const DEFAULT_LIMITS: Readonly<WalkLimits> = Object.freeze({ maxDepth: 10, maxFields: 500, maxNodes: 5000 });

export type LeafValue = string | number | boolean | bigint | null;

/** Return `false` to stop the walk. */
export type LeafVisitor = (keyPath: string, key: string, value: LeafValue) => boolean;

interface WalkState {
  readonly limits: WalkLimits;
  readonly visit: LeafVisitor;
  nodes: number;
  stopped: boolean;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function walkEvent(event: unknown, limits: WalkLimits, visit: LeafVisitor): void {
  if (!isRecord(event)) return;
  const state: WalkState = { limits, visit, nodes: 0, stopped: false };
  for (const root of EVENT_ROOTS) {
    const value = event[root];
    if (typeof value === 'object' && value !== null) walkContainer(value, root, root, 0, state);
    if (state.stopped) return;
  }
}

function walkContainer(node: object, path: string, key: string, depth: number, state: WalkState): void {
  if (Array.isArray(node)) {
    // Every element shares one key path: `items[]`, and the array's own key.
    const childPath = path + '[]';
    for (let i = 0; i < node.length && !state.stopped; i++) visitValue(node[i], childPath, key, depth + 1, state);
    return;
  }
  const record = node as Record<string, unknown>;
  // Object.keys (own enumerable only) so a polluted prototype cannot inject fields.
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length && !state.stopped; i++) {
    const k = keys[i];
    visitValue(record[k], path + '.' + k, k, depth + 1, state);
  }
}

function visitValue(value: unknown, path: string, key: string, depth: number, state: WalkState): void {
  if (++state.nodes > state.limits.maxNodes) {
    state.stopped = true;
    return;
  }
  if (typeof value === 'object' && value !== null) {
    if (depth < state.limits.maxDepth) walkContainer(value, path, key, depth, state);
    return;
  }
  // JSON never produces these; skip them like JSON.stringify would.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
  if (!state.visit(path, key, value as LeafValue)) state.stopped = true;
}

/** The last key of a key path: `properties.items[].sku` → `sku`, `properties.tags[]` → `tags`. */
export function lastKeyOf(keyPath: string): string {
  let end = keyPath.length;
  while (end >= 2 && keyPath.charCodeAt(end - 1) === 93 /* ] */ && keyPath.charCodeAt(end - 2) === 91 /* [ */) end -= 2;
  const start = keyPath.lastIndexOf('.', end - 1) + 1;
  return keyPath.slice(start, end);
}
