/**
 * Shared types for the pure classification engine.
 *
 * Kept in their own module so `default-matchers.ts`, `classify.ts` and `mask.ts`
 * can depend on them without importing each other in a cycle.
 */

/** Segment Privacy Portal colours: Red = restricted, Yellow = sensitive, Green = approved/safe. */
export type Color = 'red' | 'yellow' | 'green';

export type MatchOn = 'key' | 'value';

/** A matcher as stored by the console (default or custom). */
export interface MatcherSpec {
  id: string;
  name: string;
  color: Color;
  matchOn: MatchOn;
  /** `exact`: exact match after `normalizeKey` (keys) or strict equality (values). `regex`: custom, safety-checked regex. */
  mode: 'exact' | 'regex';
  pattern: string;
  enabled: boolean;
  /** Id of a ready-made value pattern (see `value-patterns.ts`); when set on a value matcher, `mode`/`pattern` are ignored. */
  preset?: string;
}

/** An extra exact key for an existing key matcher (e.g. `e_mail` → email). */
export interface SynonymSpec {
  matcherId: string;
  key: string;
}

/** Explicit classification of one inventory field; wins over every matcher. */
export interface FieldRule {
  keyPath: string;
  color: Color;
}

export interface MatcherRef {
  id: string;
  name: string;
  matchOn: MatchOn;
}

/**
 * Result of classifying a key or a leaf. `matcher` is null when the colour comes
 * from an explicit classification rather than a matcher.
 */
export interface Hit {
  readonly color: Color;
  readonly matcher: MatcherRef | null;
}

/** A matcher-produced hit (never explicit), as returned by `colorForKey`. */
export interface KeyHit extends Hit {
  readonly matcher: MatcherRef;
}

export interface ObservedField {
  /** e.g. `properties.email`, `context.traits.phone`, arrays as `properties.items[].sku`. */
  keyPath: string;
  /** The raw last key of the path (`sku`). */
  key: string;
  normalizedKey: string;
  color: Color | null;
  matcher: MatcherRef | null;
  /** Leaf value stringified, truncated to 200 UTF-16 units (never splitting a surrogate pair). */
  sample: string;
}

/** Higher rank wins: Red beats Yellow beats Green. 0 = no match. */
export const COLOR_RANK: Readonly<Record<Color, number>> = Object.freeze({ green: 1, yellow: 2, red: 3 });

export function isColor(value: unknown): value is Color {
  return value === 'red' || value === 'yellow' || value === 'green';
}

/** Red and Yellow are the colours hidden from viewers without PII access. */
export function isSensitive(color: Color | null | undefined): boolean {
  return color === 'red' || color === 'yellow';
}
