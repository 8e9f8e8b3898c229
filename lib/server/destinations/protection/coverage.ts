import 'server-only';
import { getDb, type Db, type Tx } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { withKeyFamilies, type CompiledPolicy } from '@/lib/crypto/transform';
import type { KeyFamilies } from '@/lib/privacy/key-families';
import { normalizeKey } from '@/lib/privacy/normalize';
import { lastKeyOf } from '@/lib/privacy/walk';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { listYellowFieldOptions, type FieldOption } from '@/lib/server/destinations/protection/fields';
import type { FieldOptionView } from '@/lib/schemas/encryption';

// What choosing a field to encrypt or hash covers: every key the workspace's
// classifier treats as that field (the matcher's spellings and synonyms, in
// context, traits and properties at any depth), resolved when the event goes out
// rather than when the field was saved, so a synonym added later is covered without
// saving again. The classifier is the Privacy Portal's own (loadClassifier: cached,
// invalidated on every matcher or synonym change, in worker threads too).

/**
 * The destination's policy as it applies now: its chosen fields bound to the
 * workspace's key families. Delivery, Preview and the blast radius all protect
 * through this, so they cannot disagree about what is covered.
 */
export async function coveredPolicy(rt: {
  workspaceId: string;
  policy: CompiledPolicy | null;
}): Promise<CompiledPolicy | null> {
  if (!rt.policy) return null;
  const { families } = await loadClassifier(rt.workspaceId);
  return withKeyFamilies(rt.policy, families.familyOf);
}

/** Observed key paths listed per option; the rest are counted. */
const OBSERVED_SHOWN = 25;
/** Observed fields read to find them (most recently seen first). */
const OBSERVED_READ = 5000;

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The picker's options with what each covers: the normalised keys of its field
 * (from the classifier) and the key paths the Privacy Portal has seen that map to
 * it. Field names only, never values. `families` comes from loadClassifier, loaded
 * before any transaction opens (one connection in PGlite).
 */
export async function withCoverage(
  db: Db | Tx,
  workspaceId: string,
  options: readonly FieldOption[],
  families: KeyFamilies,
): Promise<FieldOptionView[]> {
  const observed = await db.observedField.findMany({
    where: { workspaceId },
    select: { keyPath: true },
    orderBy: { lastSeenAt: 'desc' },
    take: OBSERVED_READ,
  });
  const byFamily = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  for (const { keyPath } of observed) {
    const key = lastKeyOf(keyPath);
    const family = families.familyOf(key);
    if (family !== null) push(byFamily, family, keyPath);
    else push(byKey, normalizeKey(key), keyPath);
  }
  return options.map((o) => {
    const id = families.familyOf(o.key);
    const family = id === null ? undefined : families.family(id);
    const seen = [...((family ? byFamily.get(family.id) : byKey.get(o.key)) ?? [])].sort();
    return {
      ...o,
      includes: {
        keys: family ? [...family.keys] : [o.key],
        observed: seen.slice(0, OBSERVED_SHOWN),
        observedMore: Math.max(0, seen.length - OBSERVED_SHOWN),
      },
    };
  });
}

/** The Fields dropdown of the Setup page (field names only, never values), with what each option covers. */
export async function listProtectionFieldOptions(ctx: WorkspaceCtx): Promise<FieldOptionView[]> {
  const db = await getDb();
  const [options, { families }] = await Promise.all([
    listYellowFieldOptions(db, ctx.workspace.id),
    loadClassifier(ctx.workspace.id),
  ]);
  return withCoverage(db, ctx.workspace.id, options, families);
}
