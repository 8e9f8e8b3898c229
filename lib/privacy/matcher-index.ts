/**
 * Compiled form of the matcher list: everything `classify.ts` needs to answer
 * "which matcher hits this key / this value?" with as little work per field as possible.
 *
 * - Exact key matchers and synonyms → one Map from normalised key to the best hit.
 * - Key regexes → tried (most severe first) once per distinct raw key, then cached.
 * - Value matchers → grouped into tiers by severity. All custom value regexes, and
 *   those of each tier, are also joined into alternations used as pre-filters: on the
 *   common "no match" path one regex run replaces N (an alternation that is not inside
 *   a repetition costs at most the sum of its parts, so it stays linear).
 */
import { normalizeKey } from './normalize';
import { compileSafe } from './safe-regex';
import { COLOR_RANK, isColor } from './types';
import type { KeyHit, MatcherSpec, SynonymSpec } from './types';
import { getValuePattern } from './value-patterns';

/** Value matchers see at most this prefix of a string: PII values are short, and it bounds per-leaf cost. */
export const VALUE_TEST_MAX_LENGTH = 2048;
/** Raw keys remembered; cleared wholesale when full so hostile key churn stays bounded. */
const KEY_CACHE_MAX = 10_000;

export interface CompileWarning {
  matcherId: string;
  reason: string;
}

export interface KeyInfo {
  readonly normalized: string;
  readonly hit: KeyHit | null;
  /** COLOR_RANK of `hit`, 0 when none. */
  readonly rank: number;
}

interface ValueTest {
  hit: KeyHit;
  test: (s: string) => boolean;
  /** Set for custom regexes, which the tier pre-filter covers. */
  regex: RegExp | null;
}

interface Tier {
  rank: number;
  tests: ValueTest[];
  /** Alternation of every regex test in the tier; null when there are none or they cannot be joined. */
  prefilter: RegExp | null;
}

export interface MatcherIndex {
  keyInfo(raw: string): KeyInfo;
  /** Best value hit strictly more severe than `floor` (a rank), or null. */
  valueHit(value: unknown, floor: number): KeyHit | null;
  readonly maxValueRank: number;
  readonly warnings: readonly CompileWarning[];
}

function hitFor(spec: MatcherSpec): KeyHit {
  const matcher = Object.freeze({ id: spec.id, name: spec.name, matchOn: spec.matchOn });
  return Object.freeze({ color: spec.color, matcher });
}

/** Keep the more severe hit for a normalised key; on ties the first one offered stays. */
function offer(map: Map<string, KeyHit>, normalized: string, hit: KeyHit): void {
  const existing = map.get(normalized);
  if (!existing || COLOR_RANK[hit.color] > COLOR_RANK[existing.color]) map.set(normalized, hit);
}

function joinRegexes(tests: readonly ValueTest[]): RegExp | null {
  const sources = tests.flatMap((t) => (t.regex ? [`(?:${t.regex.source})`] : []));
  if (sources.length === 0) return null;
  try {
    return new RegExp(sources.join('|'));
  } catch {
    return null; // e.g. duplicate named groups across patterns: fall back to testing one by one
  }
}

function valueText(value: unknown): string | null {
  if (typeof value === 'string') {
    return value.length > VALUE_TEST_MAX_LENGTH ? value.slice(0, VALUE_TEST_MAX_LENGTH) : value;
  }
  if (typeof value === 'number') return String(value);
  return null;
}

export function compileMatchers(matchers: readonly MatcherSpec[], synonyms: readonly SynonymSpec[]): MatcherIndex {
  const warnings: CompileWarning[] = [];
  const exact = new Map<string, KeyHit>();
  const keyRegexes: { rank: number; hit: KeyHit; regex: RegExp }[] = [];
  const valueTests: { rank: number; test: ValueTest }[] = [];
  const keyMatcherHits = new Map<string, KeyHit>();

  for (const spec of matchers) {
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
        if (compiled.ok) keyRegexes.push({ rank, hit, regex: compiled.regex });
        else warn(compiled.reason);
      }
    } else if (spec.preset !== undefined && spec.preset !== '') {
      const preset = getValuePattern(spec.preset);
      if (preset) valueTests.push({ rank, test: { hit, test: preset.test, regex: null } });
      else warn(`Unknown value preset "${spec.preset}"`);
    } else if (spec.mode === 'exact') {
      const expected = spec.pattern;
      valueTests.push({ rank, test: { hit, test: (s) => s === expected, regex: null } });
    } else {
      const compiled = compileSafe(spec.pattern);
      if (compiled.ok) {
        const re = compiled.regex;
        valueTests.push({ rank, test: { hit, test: (s) => re.test(s), regex: re } });
      } else warn(compiled.reason);
    }
  }

  // Synonyms are extra exact keys of KEY matchers; ones pointing at disabled, unknown or
  // value matchers are ignored (a key alias says nothing about values).
  for (const synonym of synonyms) {
    const hit = keyMatcherHits.get(synonym.matcherId);
    const normalized = normalizeKey(synonym.key);
    if (hit && normalized !== '') offer(exact, normalized, hit);
  }

  // Most severe first (stable sort keeps input order on ties) so scans stop at the first hit.
  keyRegexes.sort((a, b) => b.rank - a.rank);
  const tiers: Tier[] = [];
  for (const rank of [3, 2, 1]) {
    const tests = valueTests.filter((v) => v.rank === rank).map((v) => v.test);
    if (tests.length > 0) tiers.push({ rank, tests, prefilter: joinRegexes(tests) });
  }
  const maxValueRank = tiers.length > 0 ? tiers[0].rank : 0;
  // One alternation of every value regex: most leaves match nothing, and then a single
  // regex run answers for all tiers at once.
  const anyRegex = joinRegexes(tiers.flatMap((t) => t.tests));

  const keyCache = new Map<string, KeyInfo>();

  function keyInfo(raw: string): KeyInfo {
    const cached = keyCache.get(raw);
    if (cached !== undefined) return cached;
    const normalized = normalizeKey(raw);
    let hit = exact.get(normalized) ?? null;
    let rank = hit ? COLOR_RANK[hit.color] : 0;
    for (const r of keyRegexes) {
      if (r.rank <= rank) break;
      // Custom key regexes see both spellings, so `^patient` and `^Patient[A-Z]` both work.
      if (r.regex.test(raw) || (normalized !== raw && r.regex.test(normalized))) {
        hit = r.hit;
        rank = r.rank;
        break;
      }
    }
    const info: KeyInfo = Object.freeze({ normalized, hit, rank });
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(raw, info);
    return info;
  }

  function valueHit(value: unknown, floor: number): KeyHit | null {
    if (floor >= maxValueRank) return null;
    const text = valueText(value);
    if (text === null || text.length === 0) return null;
    const anyMayHit = anyRegex === null || anyRegex.test(text);
    for (const tier of tiers) {
      if (tier.rank <= floor) break;
      // If a joined regex misses, none of its regexes can hit: only run the other tests.
      const regexesMayHit = anyMayHit && (tier.prefilter === null || tier.prefilter.test(text));
      for (const t of tier.tests) {
        if ((regexesMayHit || t.regex === null) && t.test(text)) return t.hit;
      }
    }
    return null;
  }

  return Object.freeze({ keyInfo, valueHit, maxValueRank, warnings: Object.freeze(warnings) });
}
