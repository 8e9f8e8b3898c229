import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { DEFAULT_MATCHERS, type DefaultMatcher } from '@/lib/privacy/default-matchers';

// The 38 default PII matchers are stored per workspace (Matcher.builtIn = true) so an
// owner can change their colour or turn them off. A built-in row is tied to its
// default by NAME (names are unique per workspace and built-in names cannot be
// edited); lib/server/privacy/classifier.ts relies on the same rule.
const BY_NAME = new Map<string, DefaultMatcher>(DEFAULT_MATCHERS.map((m) => [m.name.toLowerCase(), m]));

export function defaultMatcherByName(name: string): DefaultMatcher | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** True when `name` is taken by a default matcher (custom matchers may not use it). */
export function isBuiltInName(name: string): boolean {
  return BY_NAME.has(name.trim().toLowerCase());
}

/**
 * Inserts the default matchers a workspace does not have yet (idempotent, one
 * statement). Called when a workspace is created and, lazily, whenever matchers are
 * loaded or edited, so workspaces created before this existed catch up.
 */
export async function ensureDefaultMatchers(db: Db | Tx, workspaceId: string): Promise<number> {
  const r = await db.matcher.createMany({
    data: DEFAULT_MATCHERS.map((m) => ({
      workspaceId,
      name: m.name,
      builtIn: true,
      matchOn: 'key' as const,
      mode: 'exact' as const,
      pattern: m.patterns[0],
      color: m.color,
      enabled: true,
    })),
    skipDuplicates: true,
  });
  return r.count;
}
