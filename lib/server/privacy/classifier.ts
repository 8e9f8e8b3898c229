import 'server-only';
import { getDb, type Db } from '@/lib/server/db';
import { compileClassifier, type Classifier } from '@/lib/privacy/classify';
import { DEFAULT_MATCHERS } from '@/lib/privacy/default-matchers';
import { compileKeyFamilies, type KeyFamilies } from '@/lib/privacy/key-families';
import { withQuarantine } from '@/lib/privacy/quarantine';
import type { FieldRule, MatcherSpec, SynonymSpec } from '@/lib/privacy/types';
import { defaultMatcherByName, ensureDefaultMatchers } from '@/lib/server/privacy/defaults';
import { invalidationAcrossThreads, sharedTtlCache } from '@/lib/server/platform/ttl-cache';

// The workspace's classifier, compiled from the database:
//   - built-in matchers with the owner's colour / on-off (spellings from DEFAULT_MATCHERS),
//   - custom matchers (key/value, exact/regex/preset),
//   - synonyms (extra exact keys of a key matcher),
//   - explicit classifications (ObservedField.classification), which win over matchers,
//   - Workspace.quarantineNewFields: unclassified fields are treated as at least Yellow.
// Compiling costs a few milliseconds, so it is cached per workspace. Every change made
// through lib/server/privacy/* calls invalidateClassifier(); the TTL only catches
// changes made by another process (classification changes are forward-looking, so a
// short lag only affects events already in flight).
const TTL_MS = Number(process.env.PRIVACY_CLASSIFIER_TTL_MS ?? 30_000);

export interface WorkspaceClassifier extends Classifier {
  readonly workspaceId: string;
  readonly quarantine: boolean;
  /** Without quarantine: what matchers and explicit classifications alone say. */
  readonly base: Classifier;
  /** Which keys are one field (a matcher's spellings and synonyms): what choosing a field to encrypt or hash covers. */
  readonly families: KeyFamilies;
}

async function readSpecs(db: Db, workspaceId: string) {
  return Promise.all([
    db.matcher.findMany({
      where: { workspaceId },
      select: {
        id: true,
        name: true,
        builtIn: true,
        matchOn: true,
        mode: true,
        pattern: true,
        preset: true,
        color: true,
        enabled: true,
      },
      orderBy: { createdAt: 'asc' },
    }),
    db.synonym.findMany({ where: { workspaceId }, select: { matcherId: true, key: true } }),
    db.observedField.findMany({
      where: { workspaceId, classification: { not: null } },
      select: { keyPath: true, classification: true },
    }),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { quarantineNewFields: true } }),
  ]);
}

/** Compiles without the cache (also used by tests and the benchmark). */
export async function compileWorkspaceClassifier(workspaceId: string): Promise<WorkspaceClassifier> {
  const db = await getDb();
  let [rows, synonyms, rules, ws] = await readSpecs(db, workspaceId);
  // Matcher rows have no foreign key to Workspace: never create them for a workspace that does not exist.
  if (ws && rows.filter((r) => r.builtIn).length < DEFAULT_MATCHERS.length) {
    await ensureDefaultMatchers(db, workspaceId);
    [rows, synonyms, rules, ws] = await readSpecs(db, workspaceId);
  }
  const matchers: MatcherSpec[] = [];
  const extra: SynonymSpec[] = [];
  for (const r of rows) {
    const def = r.builtIn ? defaultMatcherByName(r.name) : undefined;
    if (def) {
      // The stored row carries the owner's colour and toggle; the spellings come from the code.
      matchers.push({
        id: r.id,
        name: r.name,
        color: r.color,
        matchOn: 'key',
        mode: 'exact',
        pattern: def.patterns[0],
        enabled: r.enabled,
      });
      for (const key of def.patterns.slice(1)) extra.push({ matcherId: r.id, key });
      continue;
    }
    matchers.push({
      id: r.id,
      name: r.name,
      color: r.color,
      matchOn: r.matchOn,
      mode: r.mode,
      pattern: r.pattern,
      enabled: r.enabled,
      ...(r.preset ? { preset: r.preset } : {}),
    });
  }
  // Fail safe: a default without a stored row (none yet, or no workspace) still applies with its default colour.
  const stored = new Set(rows.filter((r) => r.builtIn).map((r) => r.name.toLowerCase()));
  for (const def of DEFAULT_MATCHERS) {
    if (stored.has(def.name.toLowerCase())) continue;
    matchers.push({
      id: def.key,
      name: def.name,
      color: def.color,
      matchOn: 'key',
      mode: 'exact',
      pattern: def.patterns[0],
      enabled: true,
    });
    for (const key of def.patterns.slice(1)) extra.push({ matcherId: def.key, key });
  }
  const classifications: FieldRule[] = rules.flatMap((r) =>
    r.classification ? [{ keyPath: r.keyPath, color: r.classification }] : [],
  );
  const allSynonyms = [...extra, ...synonyms];
  const base = compileClassifier({ matchers, synonyms: allSynonyms, classifications });
  const quarantine = ws?.quarantineNewFields ?? false;
  const effective = quarantine ? withQuarantine(base) : base;
  const families = compileKeyFamilies(matchers, allSynonyms);
  return Object.freeze({ ...effective, workspaceId, quarantine, base, families });
}

const classifiers = sharedTtlCache('privacy.classifier', compileWorkspaceClassifier, {
  ttlMs: TTL_MS,
  max: 10_000,
  staleWhileRevalidate: true,
});

/**
 * The cached classifier of a workspace, for ingestion (block at source, observation)
 * and masking. A stale entry keeps serving while it is refreshed in the background,
 * so ingestion never waits on the database for it after the first load.
 */
export function loadClassifier(workspaceId: string): Promise<WorkspaceClassifier> {
  return classifiers.get(workspaceId);
}

// Delivery worker threads of this process hold caches of their own, and their protection
// step follows the classifier (a synonym added to a matcher is encrypted or hashed wherever
// the matcher's field is chosen): a change made here reaches them at once, not after the TTL.
/** Drops the cached classifier(s) in this thread and the others; the next loadClassifier compiles from the database. */
export const invalidateClassifier: (workspaceId?: string) => void = invalidationAcrossThreads(
  'privacy-console:classifier',
  classifiers,
);
