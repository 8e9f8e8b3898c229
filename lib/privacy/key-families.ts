/**
 * Key families: which keys the classifier treats as one field.
 *
 * A family is an exact key matcher with every spelling it matches: its pattern, a
 * built-in's other spellings and the workspace's synonyms, all after `normalizeKey`.
 * Choosing a field to encrypt or hash covers its whole family (`lib/crypto/transform.ts`),
 * so picking "email" covers `emailAddress`, `e_mail` and a synonym such as
 * `patient_email` added later. Exact only, like the classifier: a key regex has no key
 * list, and nothing here is fuzzy.
 *
 * Disabled matchers keep their family: turning a matcher off in the Privacy Portal
 * changes what is suggested, and must not silently stop protecting keys a destination
 * was told to protect. When one spelling belongs to two matchers (the console refuses
 * such synonyms, so only hand-made data has it) an enabled matcher wins, then the more
 * severe, then the first, as in `matcher-index.ts`.
 */
import { normalizeKey } from './normalize';
import { COLOR_RANK, isColor } from './types';
import type { MatcherSpec, SynonymSpec } from './types';

/** Raw keys remembered; cleared wholesale when full, so hostile key churn stays bounded. */
const KEY_CACHE_MAX = 10_000;

export interface KeyFamily {
  /** The matcher's id. */
  readonly id: string;
  /** The matcher's display name, e.g. `Email`. */
  readonly name: string;
  /** Normalised spellings, the matcher's pattern first. */
  readonly keys: readonly string[];
}

export interface KeyFamilies {
  /** Id of the family a raw (or normalised) key belongs to, or null. */
  familyOf(key: string): string | null;
  family(id: string): KeyFamily | undefined;
}

interface Claim {
  id: string;
  rank: number;
}

export function compileKeyFamilies(matchers: readonly MatcherSpec[], synonyms: readonly SynonymSpec[]): KeyFamilies {
  const byId = new Map<string, { name: string; rank: number; keys: string[] }>();
  const owner = new Map<string, Claim>();

  const claim = (normalized: string, id: string) => {
    const family = byId.get(id);
    if (!family || normalized === '') return;
    const prev = owner.get(normalized);
    if (prev && (prev.id === id || prev.rank >= family.rank)) return;
    if (prev) {
      const lost = byId.get(prev.id);
      if (lost) lost.keys = lost.keys.filter((k) => k !== normalized);
    }
    owner.set(normalized, { id, rank: family.rank });
    family.keys.push(normalized);
  };

  for (const m of matchers) {
    if (m.matchOn !== 'key' || m.mode !== 'exact' || !isColor(m.color) || byId.has(m.id)) continue;
    // Enabled above disabled, then by severity (ranks 1–3).
    byId.set(m.id, { name: m.name, rank: (m.enabled ? 10 : 0) + COLOR_RANK[m.color], keys: [] });
    claim(normalizeKey(m.pattern), m.id);
  }
  for (const s of synonyms) claim(normalizeKey(s.key), s.matcherId);

  const families = new Map<string, KeyFamily>();
  for (const [id, f] of byId)
    if (f.keys.length) families.set(id, Object.freeze({ id, name: f.name, keys: Object.freeze([...f.keys]) }));

  const cache = new Map<string, string | null>();
  function familyOf(key: string): string | null {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const id = owner.get(normalizeKey(key))?.id ?? null;
    if (cache.size >= KEY_CACHE_MAX) cache.clear();
    cache.set(key, id);
    return id;
  }

  return Object.freeze({ familyOf, family: (id: string) => families.get(id) });
}
