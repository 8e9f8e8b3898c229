// PHI blast radius: for each destination, what happens to every Red or Yellow
// field its source has been seen sending: sent in clear, encrypted, hashed, or
// dropped (blocked at source). A destination whose effective BAA status is not
// "signs" that receives such a field in clear is an exposure, and the console
// names the fields.
//
// Pure (no database, no server imports) so the exposure matrix, the Inventory's
// per-field view and the unit tests run the same code. It mirrors the transform
// in lib/crypto/transform.ts: fields match on normalised keys, and only
// `context`, `traits` and `properties` are ever protected.
import { catalogEntry, effectiveBaa } from '@/lib/destinations/catalog';
import { normalizeKey } from '@/lib/privacy/normalize';
import { PROTECTED_SECTIONS } from '@/lib/crypto/transform';
import type { DestinationExposure, FieldTreatment, SensitiveColor, Treatment } from '@/lib/schemas/destinations';

// The output types are the response schema's (GET /blast-radius), so what the core
// computes is exactly what the route may send.
export type { DestinationExposure, FieldTreatment, SensitiveColor, Treatment };

export interface BlastField {
  id: string;
  keyPath: string;
  normalizedKey: string;
  classification: SensitiveColor;
  sourceIds: readonly string[];
}
export interface BlastSource {
  id: string;
  blockRed: boolean;
}
export interface BlastDestination {
  id: string;
  name: string;
  catalogId: string;
  sourceId: string;
  baaOverride: boolean | null;
  encryptionEnabled: boolean;
  encryptedFields: readonly string[];
  hashingEnabled: boolean;
  hashedFields: readonly string[];
  /**
   * A destination that runs a function (Destination or Insert Function): what the
   * code was seen to do to each key path on sample events. Absent: no function.
   */
  functionFates?: ReadonlyMap<string, 'clear' | 'changed' | 'removed'>;
}

/** The last key of a key path: `properties.items[].sku` → `sku`. */
export function lastKey(keyPath: string): string {
  const parts = keyPath.replace(/\[\]/g, '').split('.');
  return parts[parts.length - 1] ?? keyPath;
}

function rootOf(keyPath: string): string {
  return keyPath.split(/[.[]/, 1)[0] ?? '';
}

export function treatmentOf(
  field: BlastField,
  dest: BlastDestination,
  source: BlastSource | undefined,
  encrypted: ReadonlySet<string>,
  hashed: ReadonlySet<string>,
): Treatment {
  // Blocking happens before storage, so nothing downstream ever sees the field.
  if (field.classification === 'red' && source?.blockRed) return 'dropped';
  // The function runs before any protection: what it removes or changes never reaches it.
  const fate = dest.functionFates?.get(field.keyPath);
  if (fate === 'removed') return 'dropped';
  if (fate === 'changed') return 'hashed';
  if (!PROTECTED_SECTIONS.includes(rootOf(field.keyPath))) return 'clear';
  const nk = field.normalizedKey || normalizeKey(lastKey(field.keyPath));
  // Precedence as in the transform: encrypt beats hash.
  if (dest.encryptionEnabled && encrypted.has(nk)) return 'encrypted';
  if (dest.hashingEnabled && hashed.has(nk)) return 'hashed';
  return 'clear';
}

const ORDER: Record<SensitiveColor, number> = { red: 0, yellow: 1 };

export function computeBlastRadius(input: {
  destinations: readonly BlastDestination[];
  sources: readonly BlastSource[];
  fields: readonly BlastField[];
}): DestinationExposure[] {
  const sources = new Map(input.sources.map((s) => [s.id, s]));
  const bySource = new Map<string, BlastField[]>();
  for (const f of input.fields) {
    for (const sid of new Set(f.sourceIds)) {
      const list = bySource.get(sid) ?? [];
      list.push(f);
      bySource.set(sid, list);
    }
  }
  return input.destinations.map((d) => {
    const baa = effectiveBaa(catalogEntry(d.catalogId)?.baa ?? 'you_decide', d.baaOverride);
    // Policy fields are normalised too, as the transform does, so "firstName" still matches "first name".
    const encrypted = new Set(d.encryptedFields.map(normalizeKey));
    const hashed = new Set(d.hashedFields.map(normalizeKey));
    const fields: FieldTreatment[] = (bySource.get(d.sourceId) ?? [])
      .map((f) => ({
        fieldId: f.id,
        keyPath: f.keyPath,
        classification: f.classification,
        treatment: treatmentOf(f, d, sources.get(d.sourceId), encrypted, hashed),
      }))
      .sort((a, b) => ORDER[a.classification] - ORDER[b.classification] || a.keyPath.localeCompare(b.keyPath));
    const counts: Record<Treatment, number> = { clear: 0, encrypted: 0, hashed: 0, dropped: 0 };
    for (const f of fields) counts[f.treatment]++;
    const exposed = baa === 'signs' ? [] : fields.filter((f) => f.treatment === 'clear');
    return { destinationId: d.id, name: d.name, effectiveBaa: baa, fields, exposed, counts };
  });
}
