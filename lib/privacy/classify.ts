/**
 * The classification hot path: runs on every ingested event and in the debugger.
 *
 * `compileClassifier` does the expensive work once (see `matcher-index.ts`). At run
 * time the walk goes through a cache of key paths (a trie keyed by the raw keys, which
 * V8 has already interned while parsing JSON): each node holds its ready-made path
 * string, its key's match and its explicit classification, so a field already seen in
 * earlier events costs one Map lookup instead of string building, hashing and matching.
 * Per-event de-duplication marks each path with an event counter instead of using a Set.
 *
 * Precedence: an explicit classification of the key path wins; otherwise the most
 * severe hit wins (Red > Yellow > Green), ties going to key matches over value
 * matches, then to input order. Matching is exact (after `normalizeKey`) or by a
 * safety-checked custom regex — never fuzzy.
 *
 * Traversal semantics are exactly `walkEvent`'s (roots, depth, node and field limits);
 * a property test keeps the two in lock-step.
 */
import { compileMatchers } from './matcher-index';
import type { CompileWarning, KeyInfo } from './matcher-index';
import { COLOR_RANK, isColor } from './types';
import type { Color, FieldRule, Hit, KeyHit, MatcherSpec, ObservedField, SynonymSpec } from './types';
import { DEFAULT_LIMITS, EVENT_ROOTS, isRecord, lastKeyOf } from './walk';
import type { WalkLimits } from './walk';

export type { Color, FieldRule, Hit, KeyHit, MatcherRef, MatcherSpec, ObservedField, SynonymSpec } from './types';
export type { CompileWarning } from './matcher-index';

export const SAMPLE_MAX_LENGTH = 200;
/** Distinct key paths cached per classifier before the cache is rebuilt from scratch. */
const PATH_CACHE_MAX = 20_000;

export interface ClassifierInput {
  matchers: readonly MatcherSpec[];
  synonyms?: readonly SynonymSpec[];
  classifications?: readonly FieldRule[];
  limits?: Partial<WalkLimits>;
}

export interface Classifier {
  classifyEvent(event: unknown): ObservedField[];
  /** Key matchers only (exact, synonyms, key regexes) for one raw key — not a path. */
  colorForKey(key: string): KeyHit | null;
  /** Explicit classification of the path first, then `colorForKey` of its last key. */
  colorForPath(keyPath: string): Hit | null;
  /** Full precedence for one leaf (explicit → key/value); used by masking. */
  classifyLeaf(keyPath: string, key: string, value: unknown): Hit | null;
  /** Matchers skipped because they could not be compiled (bad regex, unknown preset…). */
  readonly warnings: readonly CompileWarning[];
  readonly limits: Readonly<WalkLimits>;
}

/**
 * De-duplication state of one key path. Shared by every trie node with that path:
 * keys containing `.` or `[]` can spell the same path in two ways (`{"a.b":1}` and
 * `{"a":{"b":1}}`), and de-duplication is by path string, as in `walkEvent`.
 */
interface PathCell {
  /** Last event that reported this path, and the index of its field in that event. */
  event: number;
  slot: number;
}

interface PathNode {
  readonly path: string;
  readonly key: string;
  readonly info: KeyInfo;
  readonly explicit: Hit | null;
  readonly cell: PathCell;
  children: Map<string, PathNode> | null;
  /** Node for this container's array elements (`path[]`). */
  items: PathNode | null;
}

const EXPLICIT_HITS: Readonly<Record<Color, Hit>> = Object.freeze({
  red: Object.freeze({ color: 'red', matcher: null }),
  yellow: Object.freeze({ color: 'yellow', matcher: null }),
  green: Object.freeze({ color: 'green', matcher: null }),
});

function truncateSample(s: string): string {
  if (s.length <= SAMPLE_MAX_LENGTH) return s;
  // Do not leave half of a surrogate pair at the end.
  const last = s.charCodeAt(SAMPLE_MAX_LENGTH - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? SAMPLE_MAX_LENGTH - 1 : SAMPLE_MAX_LENGTH);
}

export function compileClassifier(input: ClassifierInput): Classifier {
  const index = compileMatchers(input.matchers, input.synonyms ?? []);
  const { keyInfo, valueHit, maxValueRank } = index;
  const limits: Readonly<WalkLimits> = Object.freeze({ ...DEFAULT_LIMITS, ...input.limits });

  // Duplicate rules for one path should not exist; if they do, the most severe wins (fail safe).
  const explicit = new Map<string, Hit>();
  for (const rule of input.classifications ?? []) {
    if (!isColor(rule.color)) continue;
    const existing = explicit.get(rule.keyPath);
    if (!existing || COLOR_RANK[rule.color] > COLOR_RANK[existing.color])
      explicit.set(rule.keyPath, EXPLICIT_HITS[rule.color]);
  }

  // ---- key-path cache --------------------------------------------------------
  let roots = new Map<string, PathNode>();
  let cells = new Map<string, PathCell>();
  let eventNo = 0;

  function newNode(path: string, key: string, info: KeyInfo): PathNode {
    let cell = cells.get(path);
    if (cell === undefined) cells.set(path, (cell = { event: 0, slot: 0 }));
    return { path, key, info, explicit: explicit.get(path) ?? null, cell, children: null, items: null };
  }

  function rootNode(root: string): PathNode {
    let node = roots.get(root);
    if (node === undefined) roots.set(root, (node = newNode(root, root, keyInfo(root))));
    return node;
  }

  function childNode(parent: PathNode, key: string): PathNode {
    let children = parent.children;
    if (children === null) children = parent.children = new Map();
    let node = children.get(key);
    if (node === undefined) children.set(key, (node = newNode(parent.path + '.' + key, key, keyInfo(key))));
    return node;
  }

  function itemsNode(parent: PathNode): PathNode {
    return (parent.items ??= newNode(parent.path + '[]', parent.key, parent.info));
  }

  // ---- walk (mirrors walkEvent) -------------------------------------------------
  // Per-event state lives in these variables. classifyEvent is synchronous and, for the
  // plain JSON data it is meant for, never calls out, so it cannot be re-entered while
  // they are in use (a getter or Proxy in a hand-built event could, and is unsupported).
  let fields: ObservedField[] = [];
  let ranks: number[] = [];
  let nodesVisited = 0;
  let stopped = false;

  function leaf(node: PathNode, value: string | number | boolean | bigint | null): void {
    const cell = node.cell;
    if (cell.event === eventNo) {
      if (node.explicit === null) upgrade(node, cell.slot, value);
      return;
    }
    const hit: Hit | null = node.explicit ?? valueHit(value, node.info.rank) ?? node.info.hit;
    cell.event = eventNo;
    cell.slot = fields.length;
    ranks.push(hit ? COLOR_RANK[hit.color] : 0);
    fields.push({
      keyPath: node.path,
      key: node.key,
      normalizedKey: node.info.normalized,
      color: hit ? hit.color : null,
      matcher: hit ? hit.matcher : null,
      sample: typeof value === 'string' ? truncateSample(value) : String(value),
    });
    if (fields.length >= limits.maxFields) stopped = true;
  }

  /**
   * Same path again (array elements, or a key spelling the path differently): keep one
   * field, switched to this occurrence when it is more severe — exactly what
   * `classifyLeaf` would say for it — so a path is never reported less severe than any
   * of its values.
   */
  function upgrade(node: PathNode, slot: number, value: string | number | boolean | bigint | null): void {
    const rank = ranks[slot];
    const keyRank = node.info.rank;
    if (rank >= 3 || (keyRank <= rank && rank >= maxValueRank)) return;
    const better = valueHit(value, Math.max(rank, keyRank)) ?? (keyRank > rank ? node.info.hit : null);
    if (better === null) return;
    const field = fields[slot];
    ranks[slot] = COLOR_RANK[better.color];
    field.key = node.key;
    field.normalizedKey = node.info.normalized;
    field.color = better.color;
    field.matcher = better.matcher;
    field.sample = typeof value === 'string' ? truncateSample(value) : String(value);
  }

  function visit(value: unknown, node: PathNode, depth: number): void {
    if (++nodesVisited > limits.maxNodes) {
      stopped = true;
      return;
    }
    if (typeof value === 'object' && value !== null) {
      if (depth < limits.maxDepth) container(value, node, depth);
      return;
    }
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
    leaf(node, value as string | number | boolean | bigint | null);
  }

  function container(value: object, node: PathNode, depth: number): void {
    if (Array.isArray(value)) {
      const items = itemsNode(node);
      for (let i = 0; i < value.length && !stopped; i++) visit(value[i], items, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length && !stopped; i++) visit(record[keys[i]], childNode(node, keys[i]), depth + 1);
  }

  function classifyEvent(event: unknown): ObservedField[] {
    if (!isRecord(event)) return [];
    // Rebuild the path cache between events only, so de-duplication never spans two caches.
    if (cells.size > PATH_CACHE_MAX) {
      roots = new Map();
      cells = new Map();
    }
    eventNo++;
    const out: ObservedField[] = (fields = []);
    ranks = [];
    nodesVisited = 0;
    stopped = false;
    for (const root of EVENT_ROOTS) {
      const value = event[root];
      if (typeof value === 'object' && value !== null) container(value, rootNode(root), 0);
      if (stopped) break;
    }
    fields = [];
    ranks = [];
    return out;
  }

  // ---- single-field API ---------------------------------------------------------
  function classifyLeaf(keyPath: string, key: string, value: unknown): Hit | null {
    const rule = explicit.get(keyPath);
    if (rule) return rule;
    const info = keyInfo(key);
    return valueHit(value, info.rank) ?? info.hit;
  }

  function colorForKey(key: string): KeyHit | null {
    return keyInfo(key).hit;
  }

  function colorForPath(keyPath: string): Hit | null {
    const rule = explicit.get(keyPath);
    if (rule) return rule;
    const key = lastKeyOf(keyPath);
    return key === '' ? null : keyInfo(key).hit;
  }

  return Object.freeze({ classifyEvent, colorForKey, colorForPath, classifyLeaf, warnings: index.warnings, limits });
}
