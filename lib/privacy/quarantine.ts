/**
 * Workspace "quarantine": hold new fields as Yellow until an owner classifies them.
 *
 * A field counts as classified when the classifier reports an explicit hit for its
 * key path (a Hit whose `matcher` is null: see `classify.ts`). Every other leaf —
 * unmatched, matched Green, or never seen before — is treated as at least Yellow,
 * so it is masked for viewers without PII access until an owner decides. Red stays
 * Red (quarantine never lowers a colour), and an explicit Green stays Green: the
 * owner's decision wins.
 *
 * The Inbox still lists quarantined fields (their ObservedField.classification stays
 * null); quarantine changes only how events are treated. Hits it produces carry the
 * pseudo-matcher QUARANTINE_MATCHER, so the inbox never records them as a matcher's
 * suggestion (see `isQuarantineMatcher`).
 */
import type { Classifier } from './classify';
import { COLOR_RANK } from './types';
import type { Hit, MatcherRef } from './types';

export const QUARANTINE_MATCHER: MatcherRef = Object.freeze({
  id: 'quarantine',
  name: 'Quarantine (unclassified)',
  matchOn: 'key' as const,
});
const QUARANTINE_HIT: Hit = Object.freeze({ color: 'yellow' as const, matcher: QUARANTINE_MATCHER });

export function isQuarantineMatcher(matcher: MatcherRef | null | undefined): boolean {
  return matcher?.id === QUARANTINE_MATCHER.id;
}

function raise(hit: Hit | null): Hit {
  if (hit !== null && (hit.matcher === null || COLOR_RANK[hit.color] >= COLOR_RANK.yellow)) return hit;
  return QUARANTINE_HIT;
}

/**
 * Wraps a compiled classifier so that every path-aware answer (`classifyEvent`,
 * `classifyLeaf`, `colorForPath`) applies quarantine. `colorForKey` sees a bare key
 * with no path, so it cannot know whether a field is classified and is passed through.
 */
export function withQuarantine(base: Classifier): Classifier {
  function classifyEvent(event: unknown) {
    const fields = base.classifyEvent(event);
    for (const f of fields) {
      const explicit = f.matcher === null && f.color !== null;
      if (explicit || f.color === 'red' || f.color === 'yellow') continue;
      // classifyEvent returns fresh objects per call, so updating them in place is safe.
      f.color = 'yellow';
      f.matcher = QUARANTINE_MATCHER;
    }
    return fields;
  }
  return Object.freeze({
    classifyEvent,
    colorForKey: base.colorForKey,
    colorForPath: (keyPath: string) => raise(base.colorForPath(keyPath)),
    classifyLeaf: (keyPath: string, key: string, value: unknown) => raise(base.classifyLeaf(keyPath, key, value)),
    warnings: base.warnings,
    limits: base.limits,
  });
}
