import 'server-only';
import { getDb } from '@/lib/server/db';
import { hashWriteKey } from '@/lib/server/sources/write-keys';
import { hasSender } from '@/lib/server/destinations/senders/supported';
import { sharedTtlCache } from '@/lib/server/platform/ttl-cache';

/** What ingest needs to know about the source behind a write key. */
export interface IngestSource {
  sourceId: string;
  workspaceId: string;
  blockRed: boolean;
  /** Enabled destinations of this source that the pipeline can deliver to. */
  destinationIds: string[];
}

interface Entry {
  value: IngestSource | null;
  keyExpiresAt: number | null;
}

// Write-key lookups are cached briefly so a busy source costs one query per TTL,
// not one per request. The price: disabling a source, revoking a key or adding a
// destination takes effect within INGEST_CACHE_TTL_MS (default 2 s) on each server.
// Unknown keys are cached too, so a flood of bad keys cannot hammer the database.
function ttl(): number {
  const v = Number(process.env.INGEST_CACHE_TTL_MS ?? 2000);
  return Number.isFinite(v) && v >= 0 ? v : 2000;
}

async function load(keyHash: string): Promise<Entry> {
  const db = await getDb();
  const row = await db.writeKey.findUnique({
    where: { keyHash },
    select: {
      expiresAt: true,
      source: {
        select: {
          id: true,
          workspaceId: true,
          enabled: true,
          blockRed: true,
          destinations: {
            where: { enabled: true },
            select: { id: true, catalogId: true },
            orderBy: { createdAt: 'asc' },
          },
        },
      },
    },
  });
  if (!row || !row.source.enabled) return { value: null, keyExpiresAt: null };
  const s = row.source;
  return {
    value: {
      sourceId: s.id,
      workspaceId: s.workspaceId,
      blockRed: s.blockRed,
      destinationIds: s.destinations.filter((d) => hasSender(d.catalogId)).map((d) => d.id),
    },
    keyExpiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
  };
}

const lookups = sharedTtlCache('ingest.write-keys', load, { ttlMs: ttl(), max: 10_000 });

/** The source for a write key, or null when the key is unknown, expired or its source disabled. */
export async function resolveWriteKey(writeKey: string): Promise<IngestSource | null> {
  const entry = await lookups.get(hashWriteKey(writeKey));
  if (entry.keyExpiresAt !== null && entry.keyExpiresAt <= Date.now()) return null;
  return entry.value;
}

/** Drops cached lookups (tests; console changes that must apply at once on this server). */
export function invalidateIngestCache(): void {
  lookups.clear();
}
