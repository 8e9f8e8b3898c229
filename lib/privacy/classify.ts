/**
 * The classification hot path: runs on every ingested event and in the debugger.
 *
 * `compileClassifier` does all the expensive work once (normalising matcher keys into
 * an exact-match Map, safety-checking and compiling custom regexes, resolving value
 * presets, sorting by severity), so that classifying a field is: one Map lookup in a
 * per-raw-key cache, plus value tests only while they could still raise the colour.
 *
 * Precedence: an explicit classification of the key path wins; otherwise the most
 * severe hit wins (Red > Yellow > Green), ties going to key matches over value
 * matches and then to input order. Matching is always exact (after `normalizeKey`) or
 * by a custom regex — never fuzzy.
 */
import { normalizeKey } from './normalize';
import { compileSafe } from './safe-regex';
import { COLOR_RANK, isColor } from './types';
import type { Color, FieldRule, Hit, KeyHit, MatcherSpec, ObservedField, SynonymSpec } from './types';
import { getValuePattern } from './value-patterns';
import { DEFAULT_LIMITS, lastKeyOf, walkEvent } from './walk';
import type { LeafValue, WalkLimits } from './walk';

export type { Color, FieldRule, Hit, KeyHit, MatcherRef, MatcherSpec, ObservedField, SynonymSpec } from './types';

export const SAMPLE_MAX_LENGTH = 200;
/** Value matchers see at most this prefix of a string: PII values are short, and it bounds per-leaf cost. */
export const VALUE_TEST_MAX_LENGTH = 2048;
/** Raw keys remembered per classifier; cleared wholesale when full (hostile key churn stays bounded). */
const KEY_CACHE_MAX = 10_000;

export interface ClassifierInput {
  matchers: readonly MatcherSpec[];
  synonyms?: readonly SynonymSpec[];
  classifications?: readonly FieldRule[];
  limits?: Partial<WalkLimits>;
}

/** A matcher that could not be compiled; it is skipped rather than breaking ingestion. */
export interface CompileWarning {
  matcherId: string;
  reason: string;
}

export interface Classifier {
  classifyEvent(event: unknown): ObservedField[];
  /** Key matchers only (exact, synonyms, key regexes) for one raw key, not a path. */
  colorForKey(key: string): KeyHit | null;
  /** Explicit classification of the path first, then `colorForKey` of its last key. */
  colorForPath(keyPath: string): Hit | null;
  /** Full precedence for one leaf (explicit → key → value); used by masking. */
  classifyLeaf(keyPath: string, key: string, value: unknown): Hit | null;
  readonly warnings: readonly CompileWarning[];
  readonly limits: Readonly<WalkLimits>;
}

interface RankedTest {
  rank: number;
  hit: KeyHit;
  test: (s: string) => boolean;
}

interface KeyInfo {
  normalized: string;
  hit: KeyHit | null;
  rank: number;
}

/** Mutable while the event is being walked; `rank` lets duplicates upgrade cheaply. */
interface FieldSlot {
  field: ObservedField;
  rank: number;
}

const EXPLICIT_HITS: Readonly<Record<Color, Hit>> = Object.freeze({
  red: Object.freeze({ color: 'red', matcher: null }),
  yellow: Object.freeze({ color: 'yellow', matcher: null }),
  green: Object.freeze({ color: 'green', matcher: null }),
});

function hitFor(spec: MatcherSpec): KeyHit {
  const matcher = Object.freeze({ id: spec.id, name: spec.name, matchOn: spec.matchOn });
  return Object.freeze({ color: spec.color, matcher });
}

/** Keep the more severe hit for a normalised key; on ties the first one offered stays. */
function offer(map: Map<string, KeyHit>, normalized: string, hit: KeyHit): void {
  const existing = map.get(normalized);
  if (!existing || COLOR_RANK[hit.color] > COLOR_RANK[existing.color]) map.set(normalized, hit);
}

function truncateSample(s: string): string {
  if (s.length <= SAMPLE_MAX_LENGTH) return s;
  // Do not leave half of a surrogate pair at the end.
  const high = s.charCodeAt(SAMPLE_MAX_LENGTH - 1);
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? SAMPLE_MAX_LENGTH - 1 : SAMPLE_MAX_LENGTH);
}

function valueText(value: unknown): string | null {
  if (typeof value === 'string') return value.length > VALUE_TEST_MAX_LENGTH ? value.slice(0, VALUE_TEST_MAX_LENGTH) : value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function compileClassifier(input: ClassifierInput): Classifier {
  const warnings: CompileWarning[] = [];
  const exact = new Map<string, KeyHit>();
  const keyRegexes: RankedTest[] = [];
  const valueTests: RankedTest[] = [];
  const keyMatcherHits = new Map<string, KeyHit>();

  for (const spec of input.matchers) {
    if (!spec.enabled) continue;
    const warn = (reason: string) => warnings.push({ matcherId: spec.id, reason });
    if (!isColor(spec.color)) {
      warn(`Unknown color "${String(spec.color)}"`);
      continue;
    }
    const hit = hitFor(spec);
    const rank = COLOR_RANK[spec.color];
    if (spec.matchOn === 'key') {
      keyMatcherHits.set(spec.id, hit);
      if (spec.mode === 'exact') {
        const normalized = normalizeKey(spec.pattern);
        if (normalized === '') warn('Key pattern is empty after normalisation');
        else offer(exact, normalized, hit);
      } else {
        const compiled = compileSafe(spec.pattern);
        if (compiled.ok) {
          const re = compiled.regex;
          keyRegexes.push({ rank, hit, test: (s) => re.test(s) });
        } else warn(compiled.reason);
      }
    } else if (spec.preset !== undefined && spec.preset !== '') {
      const preset = getValuePattern(spec.preset);
      if (preset) valueTests.push({ rank, hit, test: preset.test });
      else warn(`Unknown value preset "${spec.preset}"`);
    } else if (spec.mode === 'exact') {
      const expected = spec.pattern;
      valueTests.push({ rank, hit, test: (s) => s === expected });
    } else {
      const compiled = compileSafe(spec.pattern);
      if (compiled.ok) {
        const re = compiled.regex;
        valueTests.push({ rank, hit, test: (s) => re.test(s) });
      } else warn(compiled.reason);
    }
  }

  // Synonyms are extra exact keys of KEY matchers; ones pointing at disabled, unknown or
  // value matchers are ignored (a key alias says nothing about values).
  for (const synonym of input.synonyms ?? []) {
    const hit = keyMatcherHits.get(synonym.matcherId);
    const normalized = normalizeKey(synonym.key);
    if (hit && normalized !== '') offer(exact, normalized, hit);
  }

  // Most severe first (stable sort keeps input order on ties) so scans can stop at the first hit.
  keyRegexes.sort((a, b) => b.rank - a.rank);
  valueTests.sort((a, b) => b.rank - a.rank);
  const maxValueRank = valueTests.length > 0 ? valueTests[0].rank : 0;

  // Duplicate rules for a path should not exist; if they do, the most severe wins (fail safe).
  const explicit = new Map<string, Hit>();
  for (const rule of input.classifications ?? []) {
    if (!isColor(rule.color)) continue;
    const existing = explicit.get(rule.keyPath);
    if (!existing || COLOR_RANK[rule.color] > COLOR_RANK[existing.color]) explicit.set(rule.keyPath, EXPLICIT_HITS[rule.color]);
  }

  const limits: Readonly<WalkLimits> = Object.freeze({ ...DEFAULT_LIMITS, ...input.limits });
  const keyCache = new Map<string, KeyInfo>();

  function keyInfo(raw: string): KeyInfo {
    const cached = keyCache.get(raw);
    if (cached !== undefined) return cached;
    const normalized = normalizeKey(raw);
    let hit = exact.get(normalized) ?? null;
    let rank = hit ? COLOR_RANK[hit.color] : 0;
    for (const r of keyRegexes) {
      if (r.rank <= rank) break;
      if (r.test(raw) || (normalized !== raw && r.test(normalized))) {
        hit = r.hit;
        rank = r.rank;
        break;
      }
    }
    const info: KeyInfo = { normalized, hit, rank };
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(raw, info);
    return info;
  }

  /** Best value hit strictly more severe than `floor`, or null. */
  function valueHit(value: unknown, floor: number): KeyHit | null {
    if (floor >= maxValueRank) return null;
    const text = valueText(value);
    if (text === null || text.length === 0) return null;
    for (const v of valueTests) {
      if (v.rank <= floor) break;
      if (v.test(text)) return v.hit;
    }
    return null;
  }

  function classifyLeaf(keyPath: string, key: string, value: unknown): Hit | null {
    if (explicit.size > 0) {
      const rule = explicit.get(keyPath);
      if (rule) return rule;
    }
    const info = keyInfo(key);
    return valueHit(value, info.rank) ?? info.hit;
  }

  function classifyEvent(event: unknown): ObservedField[] {
    const fields: ObservedField[] = [];
    const slots = new Map<string, FieldSlot>();
    walkEvent(event, limits, (keyPath: string, key: string, value: LeafValue): boolean => {
      const slot = slots.get(keyPath);
      if (slot !== undefined) {
        // Same path again (array elements): keep one field, upgraded if this value is more severe.
        if (slot.rank < maxValueRank && !explicit.has(keyPath)) {
          const better = valueHit(value, slot.rank);
          if (better) {
            slot.rank = COLOR_RANK[better.color];
            slot.field.color = better.color;
            slot.field.matcher = better.matcher;
            slot.field.sample = truncateSample(String(value));
          }
        }
        return true;
      }
      const info = keyInfo(key);
      const hit = explicit.get(keyPath) ?? valueHit(value, info.rank) ?? info.hit;
      const field: ObservedField = {
        keyPath,
        key,
        normalizedKey: info.normalized,
        color: hit ? hit.color : null,
        matcher: hit ? hit.matcher : null,
        sample: typeof value === 'string' ? truncateSample(value) : String(value),
      };
      fields.push(field);
      slots.set(keyPath, { field, rank: hit ? COLOR_RANK[hit.color] : 0 });
      return fields.length < limits.maxFields;
    });
    return fields;
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

  return Object.freeze({ classifyEvent, colorForKey, colorForPath, classifyLeaf, warnings: Object.freeze(warnings), limits });
}
