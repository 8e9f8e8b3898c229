import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { DEFAULT_MATCHERS } from '@/lib/privacy/default-matchers';
import { normalizeKey } from '@/lib/privacy/normalize';
import type { FieldOptionView } from '@/lib/schemas/encryption';

// The Fields dropdown of "Have Segment encrypt / hash sensitive data" lists
// Yellow items only (Segment: "Only fields marked Yellow in the Privacy Portal
// can be selected"). Each option is one normalised key, and every spelling a
// matcher knows is its own option ("email", "email address", "emailaddress");
// choosing any of them covers the matcher's other spellings and synonyms too
// (coverage.ts), never fuzzily.

/**
 * One option (the response schema's view, lib/schemas/encryption.ts, less what it
 * covers: coverage.ts adds that): `key` is the normalised key as stored in
 * Destination.encryptedFields / hashedFields, `source` the matcher it belongs to
 * (display name) or the inventory key path.
 */
export type FieldOption = Omit<FieldOptionView, 'includes'>;
export type FieldOrigin = FieldOptionView['origin'];

const ORIGIN_RANK: Record<FieldOrigin, number> = { default: 0, custom: 1, synonym: 2, inventory: 3 };

function add(out: Map<string, FieldOption>, key: string, origin: FieldOrigin, source: string): void {
  if (!key) return;
  const prev = out.get(key);
  if (!prev || ORIGIN_RANK[origin] < ORIGIN_RANK[prev.origin]) out.set(key, { key, origin, source });
}

/**
 * Yellow options of a workspace: default matchers whose current colour is
 * Yellow (a stored built-in Matcher row overrides colour and on/off), custom
 * Yellow key matchers (exact mode: a regex has no single key to select),
 * synonyms of Yellow matchers, and inventory fields classified Yellow.
 */

export async function listYellowFieldOptions(db: Db | Tx, workspaceId: string): Promise<FieldOption[]> {
  const [rows, synonyms, inventory] = await Promise.all([
    db.matcher.findMany({
      where: { workspaceId },
      select: {
        id: true,
        name: true,
        builtIn: true,
        matchOn: true,
        mode: true,
        pattern: true,
        color: true,
        enabled: true,
      },
    }),
    db.synonym.findMany({ where: { workspaceId }, select: { matcherId: true, normalizedKey: true, key: true } }),
    db.observedField.findMany({
      where: { workspaceId, classification: 'yellow' },
      select: { keyPath: true, normalizedKey: true },
      take: 2000,
    }),
  ]);
  const out = new Map<string, FieldOption>();
  const builtInByName = new Map(rows.filter((r) => r.builtIn).map((r) => [r.name.toLowerCase(), r]));
  // Yellow-and-on matcher ids (stored rows) and their display names, for synonyms.
  const yellowMatchers = new Map<string, string>();

  for (const m of DEFAULT_MATCHERS) {
    const stored = builtInByName.get(m.name.toLowerCase());
    const color = stored?.color ?? m.color;
    const enabled = stored?.enabled ?? true;
    if (color !== 'yellow' || !enabled) continue;
    if (stored) yellowMatchers.set(stored.id, m.name);
    m.patterns.forEach((p, i) => add(out, p, i === 0 ? 'default' : 'synonym', m.name));
  }
  for (const r of rows) {
    if (r.builtIn || r.color !== 'yellow' || !r.enabled) continue;
    yellowMatchers.set(r.id, r.name);
    if (r.matchOn === 'key' && r.mode === 'exact') add(out, normalizeKey(r.pattern), 'custom', r.name);
  }
  for (const s of synonyms) {
    const matcher = yellowMatchers.get(s.matcherId);
    if (matcher) add(out, s.normalizedKey || normalizeKey(s.key), 'synonym', matcher);
  }
  for (const f of inventory) add(out, f.normalizedKey, 'inventory', f.keyPath);
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Normalise and de-duplicate a submitted field list, keeping the user's order. */
export function normalizeFieldList(fields: readonly string[]): string[] {
  return [...new Set(fields.map(normalizeKey).filter(Boolean))];
}
