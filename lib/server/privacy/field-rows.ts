import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { ColorId, NamedRef } from '@/lib/schemas/privacy';

// Shared reads for the Inbox, the Inventory and the field detail: every query is
// scoped by workspaceId, and occurrences are summarised into "seen in these sources /
// these events" lists.

export const MAX_LISTED_EVENTS = 20;

export const FIELD_SELECT = {
  id: true,
  keyPath: true,
  normalizedKey: true,
  matcherName: true,
  suggestedColor: true,
  classification: true,
  classifiedAt: true,
  classifiedById: true,
  sampleValueEnc: true,
  firstSeenAt: true,
  lastSeenAt: true,
  count: true,
  occurrences: { select: { sourceId: true, eventName: true, count: true, lastSeenAt: true } },
} as const;

export interface FieldRow {
  id: string;
  keyPath: string;
  normalizedKey: string;
  matcherName: string | null;
  suggestedColor: ColorId | null;
  classification: ColorId | null;
  classifiedAt: Date | null;
  classifiedById: string | null;
  sampleValueEnc: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  count: bigint;
  occurrences: { sourceId: string; eventName: string; count: bigint; lastSeenAt: Date }[];
}

export async function sourceNames(db: Db | Tx, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db.source.findMany({ where: { workspaceId }, select: { id: true, name: true } });
  return new Map(rows.map((s) => [s.id, s.name]));
}

/** Sources (by name) and event names (most frequent first) a field was seen in. */
export function summarize(
  row: Pick<FieldRow, 'occurrences'>,
  names: ReadonlyMap<string, string>,
): { sources: NamedRef[]; events: string[] } {
  const sources = new Map<string, NamedRef>();
  const events = new Map<string, bigint>();
  for (const o of row.occurrences) {
    const name = names.get(o.sourceId);
    if (name !== undefined) sources.set(o.sourceId, { id: o.sourceId, name });
    events.set(o.eventName, (events.get(o.eventName) ?? BigInt(0)) + o.count);
  }
  return {
    sources: [...sources.values()].sort((a, b) => a.name.localeCompare(b.name)),
    events: [...events.entries()]
      .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
      .slice(0, MAX_LISTED_EVENTS)
      .map(([e]) => e),
  };
}

/** Matcher name → what it matches on (the inbox shows "which matcher, and its type"). */
export async function matcherKinds(db: Db | Tx, workspaceId: string): Promise<Map<string, 'key' | 'value'>> {
  const rows = await db.matcher.findMany({ where: { workspaceId }, select: { name: true, matchOn: true } });
  return new Map(rows.map((m) => [m.name, m.matchOn]));
}

export async function assertSourceInWorkspace(db: Db | Tx, workspaceId: string, sourceId: string): Promise<void> {
  const s = await db.source.findFirst({ where: { id: sourceId, workspaceId }, select: { id: true } });
  if (!s) throw new AppError('not_found', 'Source not found.');
}
