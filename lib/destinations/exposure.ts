// PHI blast radius: for each destination, what happens to every Red or Yellow
// field its source has been seen sending: sent in clear, encrypted, hashed, or
// dropped (blocked at source). A destination whose effective BAA status is not
// "signs" that receives such a field in clear is an exposure, and the console
// names the fields.
//
// The treatments are not worked out here: the server runs the destination's own
// delivery pipeline (the code Preview runs, lib/server/destinations/protection/
// outgoing.ts) over events that carry every observed field path, and hands this
// core the label each path got. What stays here, pure so the Overview, Preview and
// the unit tests share it: which colour a field has (an owner's classification,
// else what the matchers and value patterns suggest), what counts as an exposure,
// and the Overview's count (enabled destinations only: a disabled one receives nothing).
import { catalogEntry, effectiveBaa, type BaaStatus } from '@/lib/destinations/catalog';
import { normalizeKey } from '@/lib/privacy/normalize';
import { PROTECTED_SECTIONS } from '@/lib/crypto/transform';
import { COLOR_RANK, type Color } from '@/lib/privacy/types';
import type { Classifier } from '@/lib/privacy/classify';
import type { DestinationExposure, FieldTreatment, SensitiveColor, Treatment } from '@/lib/schemas/destinations';

// The output types are the response schema's (GET /blast-radius), so what the core
// computes is exactly what the route may send.
export type { DestinationExposure, FieldTreatment, SensitiveColor, Treatment };

// ---- colour ------------------------------------------------------------------

export interface ObservedColorInput {
  keyPath: string;
  /** The owner's decision (Inventory); it wins over every matcher, Green included. */
  classification: Color | null;
  /** The Inbox's suggestion: the most severe matcher or value-pattern hit ever seen for the path. */
  suggestedColor: Color | null;
}

export interface FieldColor {
  color: Color | null;
  /** Not classified by an owner: the colour is what the matchers suggest (or quarantine). */
  suggested: boolean;
}

function worse(a: Color | null, b: Color | null): Color | null {
  if (a === null) return b;
  if (b === null) return a;
  return COLOR_RANK[b] > COLOR_RANK[a] ? b : a;
}

/**
 * The colour the console reports for an observed field: the owner's classification,
 * else the more severe of what the workspace classifier says for the path now (key
 * matchers, synonyms, quarantine: what Preview applies) and the Inbox's stored
 * suggestion (which also remembers value-pattern hits, e.g. a card number seen in a
 * field whose name says nothing). Unclassified never means "not sensitive".
 */
export function observedFieldColor(f: ObservedColorInput, classifier: Pick<Classifier, 'colorForPath'>): FieldColor {
  if (f.classification) return { color: f.classification, suggested: false };
  const hit = classifier.colorForPath(f.keyPath);
  return { color: worse(hit?.color ?? null, f.suggestedColor), suggested: true };
}

export function isSensitiveColor(c: Color | null | undefined): c is SensitiveColor {
  return c === 'red' || c === 'yellow';
}

/** The one definition of an exposure, used by Preview's warning and the blast radius alike. */
export function isExposure(baa: BaaStatus, treatment: Treatment, color: Color | null | undefined): boolean {
  return baa !== 'signs' && treatment === 'clear' && isSensitiveColor(color);
}

// ---- paths and the events that carry them ------------------------------------

/** A concrete path (`properties.items[3].sku`) as the Privacy Portal's key path (`properties.items[].sku`). */
export function keyPathOf(concrete: string): string {
  return concrete.replace(/\[\d+\]/g, '[]');
}

/** The key path one level up: `a.b[]` → `a.b`, `a.b` → `a`, `a` → null. */
function parentOf(keyPath: string): string | null {
  if (keyPath.endsWith('[]')) return keyPath.slice(0, -2);
  const i = keyPath.lastIndexOf('.');
  return i > 0 ? keyPath.slice(0, i) : null;
}

/** The last key of a key path: `properties.items[].sku` → `sku`. */
export function lastKey(keyPath: string): string {
  const parts = keyPath.replace(/\[\]/g, '').split('.');
  return parts[parts.length - 1] ?? keyPath;
}

interface Segment {
  key: string;
  /** How many array levels the key holds: `items[]` → 1. */
  arrays: number;
}

function segmentsOf(keyPath: string): Segment[] {
  return keyPath.split('.').map((s) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(s)!;
    return { key: m[1], arrays: m[2].length / 2 };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a key without triggering the `__proto__` setter (keys are client data). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Kind = 'object' | 'array' | 'leaf';
const kindOf = (v: unknown): Kind => (Array.isArray(v) ? 'array' : isObject(v) ? 'object' : 'leaf');
const fresh = (k: Kind, leaf: unknown): unknown => (k === 'array' ? [] : k === 'object' ? {} : leaf);

/** Places the key path in `event` (dry: only checks it fits). False when it clashes with what is there. */
function place(event: Record<string, unknown>, segs: readonly Segment[], leaf: unknown, dry: boolean): boolean {
  let node: Record<string, unknown> = event;
  for (let i = 0; i < segs.length; i++) {
    const { key, arrays } = segs[i];
    const last = i === segs.length - 1;
    // The kinds along this segment: one array per `[]`, then an object (or the leaf at the end).
    const kinds: Kind[] = [...Array<Kind>(arrays).fill('array'), last ? 'leaf' : 'object'];
    let holder: Record<string, unknown> | unknown[] = node;
    let slot: string | number = key;
    for (const k of kinds) {
      const cur: unknown = Array.isArray(holder)
        ? holder[slot as number]
        : Object.hasOwn(holder, slot)
          ? holder[slot as string]
          : undefined;
      if (cur !== undefined && kindOf(cur) !== k) return false;
      let next = cur;
      if (cur === undefined) {
        if (dry) return true;
        next = fresh(k, leaf);
        if (Array.isArray(holder)) holder[slot as number] = next;
        else put(holder, slot as string, next);
      }
      if (k === 'leaf') return true;
      holder = next as Record<string, unknown> | unknown[];
      slot = 0;
    }
    node = holder as Record<string, unknown>;
  }
  return true;
}

/**
 * Events that together carry every key path once, for running the delivery pipeline
 * over observed fields. A path that clashes with another one (a leaf here, an
 * object there: `properties.address` and `properties.address.city`) goes into the
 * next event. Only the sections the Privacy Portal observes are built.
 */
export function eventsCarrying(
  keyPaths: readonly string[],
  leaf: (keyPath: string) => unknown,
): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const keyPath of [...new Set(keyPaths)].sort()) {
    const segs = segmentsOf(keyPath);
    if (segs.length < 2 || segs[0].arrays > 0 || !PROTECTED_SECTIONS.includes(segs[0].key)) continue;
    let target = events.find((e) => place(e, segs, null, true));
    if (!target) events.push((target = { type: 'track', event: 'Blast radius' }));
    place(target, segs, leaf(keyPath), false);
  }
  return events;
}

/** Worst case over many runs: a path ever sent in clear is clear; dropped only if always dropped. */
const TREATMENT_RANK: Record<Treatment, number> = { clear: 3, encrypted: 2, hashed: 2, dropped: 1 };

/** Folds labelled paths (concrete or key paths) into `into`, by key path, keeping the worst label. */
export function mergeTreatments(
  into: Map<string, Treatment>,
  fields: readonly { path: string; label: Treatment }[],
): Map<string, Treatment> {
  for (const f of fields) {
    const key = keyPathOf(f.path);
    const seen = into.get(key);
    if (!seen || TREATMENT_RANK[f.label] > TREATMENT_RANK[seen]) into.set(key, f.label);
  }
  return into;
}

/**
 * The label of a key path, or of the nearest labelled container above it (an
 * encrypted or blocked object takes its children with it). A path nothing labelled
 * is reported in clear: the console never under-reports.
 */
export function treatmentAt(keyPath: string, labels: ReadonlyMap<string, Treatment>): Treatment {
  for (let p: string | null = keyPath; p !== null; p = parentOf(p)) {
    const t = labels.get(p);
    if (t) return t;
  }
  return 'clear';
}

// ---- the blast radius ----------------------------------------------------------

export interface BlastField {
  id: string;
  keyPath: string;
  classification: SensitiveColor;
  suggested: boolean;
  sourceIds: readonly string[];
}
export interface BlastDestination {
  id: string;
  name: string;
  catalogId: string;
  sourceId: string;
  baaOverride: boolean | null;
  enabled: boolean;
  /** What the delivery pipeline did to each key path (see treatmentAt). */
  treatments: ReadonlyMap<string, Treatment>;
}

const ORDER: Record<SensitiveColor, number> = { red: 0, yellow: 1 };

export function computeBlastRadius(input: {
  destinations: readonly BlastDestination[];
  fields: readonly BlastField[];
}): DestinationExposure[] {
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
    const fields: FieldTreatment[] = (bySource.get(d.sourceId) ?? [])
      .map((f) => ({
        fieldId: f.id,
        keyPath: f.keyPath,
        classification: f.classification,
        suggested: f.suggested,
        treatment: treatmentAt(f.keyPath, d.treatments),
      }))
      .sort((a, b) => ORDER[a.classification] - ORDER[b.classification] || a.keyPath.localeCompare(b.keyPath));
    const counts: Record<Treatment, number> = { clear: 0, encrypted: 0, hashed: 0, dropped: 0 };
    for (const f of fields) counts[f.treatment]++;
    const exposed = fields.filter((f) => isExposure(baa, f.treatment, f.classification));
    return { destinationId: d.id, name: d.name, enabled: d.enabled, effectiveBaa: baa, fields, exposed, counts };
  });
}

export interface ExposureSummary {
  /** The Overview's figure: enabled destinations receiving Red/Yellow fields in clear without a BAA. */
  exposed: number;
  /** Disabled destinations that would, once enabled. Shown apart, never counted. */
  exposedDisabled: number;
}

export function summarizeExposure(rows: readonly Pick<DestinationExposure, 'enabled' | 'exposed'>[]): ExposureSummary {
  const hit = rows.filter((r) => r.exposed.length > 0);
  return { exposed: hit.filter((r) => r.enabled).length, exposedDisabled: hit.filter((r) => !r.enabled).length };
}

// ---- one field, without running the pipeline -----------------------------------

export interface FieldKey {
  keyPath: string;
  normalizedKey: string;
  classification: SensitiveColor;
}
export interface ProtectionSettings {
  encryptionEnabled: boolean;
  hashingEnabled: boolean;
}

/**
 * The Inventory's per-field detail only (lib/server/privacy sits below the
 * destinations folder and cannot run the delivery pipeline): the transform's rules
 * for one field, by its normalised key. The blast radius and Preview do not use it.
 */
export function treatmentOf(
  field: FieldKey,
  dest: ProtectionSettings,
  source: { blockRed: boolean } | undefined,
  encrypted: ReadonlySet<string>,
  hashed: ReadonlySet<string>,
): Treatment {
  // Blocking happens before storage, so nothing downstream ever sees the field.
  if (field.classification === 'red' && source?.blockRed) return 'dropped';
  const root = field.keyPath.split(/[.[]/, 1)[0] ?? '';
  if (!PROTECTED_SECTIONS.includes(root)) return 'clear';
  const nk = field.normalizedKey || normalizeKey(lastKey(field.keyPath));
  // Precedence as in the transform: encrypt beats hash.
  if (dest.encryptionEnabled && encrypted.has(nk)) return 'encrypted';
  if (dest.hashingEnabled && hashed.has(nk)) return 'hashed';
  return 'clear';
}
