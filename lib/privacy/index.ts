/**
 * Pure PII classification engine (no database, no server-only code): safe to import
 * from ingestion workers, route handlers, client components and scripts alike.
 */
export { MAX_BLOCKED_PATHS, removeRedFields } from './block';
export type { RemoveRedResult } from './block';
export { compileClassifier, SAMPLE_MAX_LENGTH } from './classify';
export type { Classifier, ClassifierInput, CompileWarning } from './classify';
export { DEFAULT_MATCHERS, defaultMatcherSpecs, defaultSynonymSpecs } from './default-matchers';
export type { DefaultMatcher } from './default-matchers';
export { compileKeyFamilies } from './key-families';
export type { KeyFamilies, KeyFamily } from './key-families';
export { IDENTITY_PATHS, maskEvent, maskEventForViewer, maskValue } from './mask';
export type { MaskOptions } from './mask';
export { VALUE_TEST_MAX_LENGTH } from './matcher-index';
export { normalizeKey } from './normalize';
export { isQuarantineMatcher, QUARANTINE_MATCHER, withQuarantine } from './quarantine';
export { checkRegex, compileSafe, MAX_PATTERN_LENGTH } from './safe-regex';
export type { RegexCheck, SafeCompile } from './safe-regex';
export { COLOR_RANK, isColor, isSensitive } from './types';
export type {
  Color,
  FieldRule,
  Hit,
  KeyHit,
  MatchOn,
  MatcherRef,
  MatcherSpec,
  ObservedField,
  SynonymSpec,
} from './types';
export { getValuePattern, luhnValid, VALUE_PATTERNS } from './value-patterns';
export type { ValuePattern } from './value-patterns';
export { DEFAULT_LIMITS, EVENT_ROOTS, lastKeyOf, walkEvent } from './walk';
export type { LeafValue, LeafVisitor, WalkLimits } from './walk';
