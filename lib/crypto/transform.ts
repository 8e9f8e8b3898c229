/**
 * Per-destination protection transform: encrypt / hash / drop sensitive fields
 * of a Segment-shaped event before it leaves for a destination.
 *
 * Pure and synchronous (no DB, no 'server-only'), so the pipeline, the console's
 * "preview" and the tests all run exactly the same code.
 *
 * Only `context`, `traits` and `properties` are walked (at any depth, through
 * arrays). Identity/routing fields (`userId`, `anonymousId`, `event`, `type`,
 * timestamps) must stay intact or the destination cannot process the event.
 *
 * A policy lists fields as normalised keys and matches them exactly. Bound to the
 * workspace's key families (`withKeyFamilies`), a field also covers every key the
 * classifier treats as the same field (its spellings and synonyms), so `email`
 * covers `emailAddress` and `e_mail` too; `context.encryption.fields` names the
 * concrete paths either way, which is all the decrypt tool reads.
 *
 * `context.encryption` is owned by this transform: any incoming value is
 * discarded (a client could spoof it) and it is re-stamped iff something was
 * encrypted, telling the decrypt tool which key, which paths, and which paths
 * held non-strings (their plaintext is JSON text to parse back).
 */
import { encryptValue } from './field-encryption';
import { hashValue, normalizeForHash, MIN_HMAC_SECRET_BYTES, type HashMode } from './hashing';
import type { ImportedKey } from './keys';
import { formatPath, type PathSegment } from './paths';

export { hashValue, normalizeForHash, type HashMode } from './hashing';

export interface ProtectionPolicy {
  /** Fields are normalised keys, e.g. 'email', 'first name'. */
  encrypt?: { fields: string[]; key: ImportedKey };
  hash?: { fields: string[]; mode: HashMode; secret?: Buffer };
  /** Normalised keys removed from the payload entirely. */
  drop?: string[];
}

export type FieldAction = 'encrypted' | 'hashed' | 'dropped';
export type OriginalType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'undefined';
export interface FieldReport {
  path: string;
  action: FieldAction;
  originalType: OriginalType;
}

export interface EncryptionStamp {
  keyFingerprint: string;
  alg: 'RSA-OAEP-256';
  fields: string[];
  nonString: string[];
}

export type NormalizeKey = (key: string) => string;
/** The family (field) a raw key belongs to, e.g. a matcher id; null when none (`lib/privacy/key-families.ts`). */
export type KeyFamilyOf = (key: string) => string | null;
export type ProtectedEvent = Record<string, unknown>;

export const PROTECTED_SECTIONS: readonly string[] = ['context', 'traits', 'properties'];
/** Reserved key inside `context`. */
export const STAMP_KEY = 'encryption';
/** Fail closed on pathological nesting instead of overflowing the stack. */
export const MAX_DEPTH = 256;

/** Throws if a field is listed both for encryption and hashing (after normalisation). */
export function assertDisjoint(policy: ProtectionPolicy, normalizeKey: NormalizeKey = (k) => k): void {
  if (!policy.encrypt || !policy.hash) return;
  const enc = new Set(policy.encrypt.fields.map(normalizeKey));
  const both = [...new Set(policy.hash.fields.map(normalizeKey))].filter((f) => enc.has(f));
  if (both.length > 0) {
    throw new Error(`Fields cannot be both encrypted and hashed: ${both.join(', ')}`);
  }
}

type Action = 'drop' | 'encrypt' | 'hash';
const ACTION_RANK: Record<Action, number> = { hash: 1, encrypt: 2, drop: 3 };

/** What a key covered through its family gets: the action, and the chosen field (hashing normalises by it). */
interface FamilyRule {
  readonly action: Action;
  readonly field: string;
}

/** A policy with its field lists folded into one lookup table. */
export interface CompiledPolicy {
  /** Normalised key → action: the chosen fields' exact spellings. */
  readonly actions: ReadonlyMap<string, Action>;
  readonly encryptKey: ImportedKey | undefined;
  readonly hash: { readonly mode: HashMode; readonly secret?: Buffer } | undefined;
  readonly normalizeKey: NormalizeKey;
  /** Set by `withKeyFamilies`: keys of a chosen field's family are covered too. */
  readonly familyOf: KeyFamilyOf | null;
  readonly families: ReadonlyMap<string, FamilyRule>;
}

/**
 * Precompute the lookup table. Precedence when lists overlap (only reachable if
 * assertDisjoint was skipped): drop > encrypt > hash, i.e. the most protective wins.
 * Policy fields are run through normalizeKey too, so 'firstName' in a policy
 * cannot silently fail to match (fail-open) when the normaliser yields 'first name'.
 */
export function compilePolicy(policy: ProtectionPolicy, normalizeKey: NormalizeKey): CompiledPolicy {
  if (policy.hash?.mode === 'hmac' && (policy.hash.secret?.length ?? 0) < MIN_HMAC_SECRET_BYTES) {
    throw new Error(`HMAC hashing requires a per-destination secret of at least ${MIN_HMAC_SECRET_BYTES} bytes`);
  }
  const actions = new Map<string, Action>();
  for (const f of policy.hash?.fields ?? []) actions.set(normalizeKey(f), 'hash');
  for (const f of policy.encrypt?.fields ?? []) actions.set(normalizeKey(f), 'encrypt');
  for (const f of policy.drop ?? []) actions.set(normalizeKey(f), 'drop');
  const hash = policy.hash && { mode: policy.hash.mode, secret: policy.hash.secret };
  return { actions, encryptKey: policy.encrypt?.key, hash, normalizeKey, familyOf: null, families: new Map() };
}

const boundCache = new WeakMap<CompiledPolicy, { familyOf: KeyFamilyOf; bound: CompiledPolicy }>();

/**
 * The policy with each chosen field covering its family: a key the policy does not
 * name exactly gets the action of the chosen field of its family. An exact match
 * still comes first. When two chosen fields share a family (the console refuses that
 * between encryption and hashing), the most protective action wins: drop > encrypt > hash.
 * Cached per (policy, familyOf), so binding on every delivery costs one lookup.
 */
export function withKeyFamilies(policy: CompiledPolicy, familyOf: KeyFamilyOf): CompiledPolicy {
  const hit = boundCache.get(policy);
  if (hit && hit.familyOf === familyOf) return hit.bound;
  const families = new Map<string, FamilyRule>();
  for (const [field, action] of policy.actions) {
    const family = familyOf(field);
    if (family === null) continue;
    const prev = families.get(family);
    if (!prev || ACTION_RANK[action] > ACTION_RANK[prev.action]) families.set(family, { action, field });
  }
  const bound: CompiledPolicy = { ...policy, familyOf: families.size ? familyOf : null, families };
  boundCache.set(policy, { familyOf, bound });
  return bound;
}

// Policies are treated as immutable once used: compile once per (policy, normaliser).
// Build a new policy object to change one (or call compilePolicy yourself).
const compiledCache = new WeakMap<ProtectionPolicy, CompiledPolicy>();
function compiled(policy: ProtectionPolicy | CompiledPolicy, normalizeKey: NormalizeKey): CompiledPolicy {
  if ('actions' in policy) return policy;
  const hit = compiledCache.get(policy);
  if (hit && hit.normalizeKey === normalizeKey) return hit;
  const c = compilePolicy(policy, normalizeKey);
  compiledCache.set(policy, c);
  return c;
}

// Events repeat the same few dozen keys, and a regex-based normaliser costs
// more than the rest of the walk per key. Bounded because keys are client data.
const NORM_CACHE_LIMIT = 4096;
const normCaches = new WeakMap<NormalizeKey, Map<string, string>>();
function memoNormalize(normalizeKey: NormalizeKey): NormalizeKey {
  let cache = normCaches.get(normalizeKey);
  if (!cache) normCaches.set(normalizeKey, (cache = new Map()));
  const c = cache;
  return (k) => {
    let v = c.get(k);
    if (v === undefined) {
      if (c.size >= NORM_CACHE_LIMIT) c.clear();
      v = normalizeKey(k);
      c.set(k, v);
    }
    return v;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeOf(v: unknown): OriginalType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined' ? t : 'object';
}

// Assigning '__proto__' on a {} would set its prototype rather than copy the key.
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Plain deep copy for the untouched parts of the event. */
function copy(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new Error(`event nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
  if (!isPlainObject(v)) return structuredClone(v); // Date etc.; JSON input never has these
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) put(out, k, copy(v[k], depth + 1));
  return out;
}

interface Walk {
  readonly c: CompiledPolicy;
  readonly norm: NormalizeKey;
  readonly path: PathSegment[];
  readonly report: FieldReport[];
  readonly encrypted: string[];
  readonly nonString: string[];
}

function protectField(
  w: Walk,
  action: Action,
  field: string,
  value: unknown,
  out: Record<string, unknown>,
  key: string,
): void {
  const path = formatPath(w.path);
  const originalType = typeOf(value);
  if (action === 'drop') {
    w.report.push({ path, action: 'dropped', originalType });
    return;
  }
  // 'encrypt'/'hash' entries only exist when the matching config does; the
  // checks below are for the type checker and can never fall through.
  if (action === 'encrypt' && w.c.encryptKey) {
    put(out, key, encryptValue(value, w.c.encryptKey));
    w.encrypted.push(path);
    if (originalType !== 'string') w.nonString.push(path);
    w.report.push({ path, action: 'encrypted', originalType });
    return;
  }
  if (action === 'hash' && w.c.hash) {
    put(out, key, hashValue(normalizeForHash(field, value), w.c.hash.mode, w.c.hash.secret));
    w.report.push({ path, action: 'hashed', originalType });
    return;
  }
  throw new Error(`internal: no configuration for action ${action}`);
}

/** Deep-copies `v` while applying the policy; `w.path` holds v's location. */
function walk(w: Walk, v: unknown, depth: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new Error(`event nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(v)) {
    const arr = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      w.path.push(i);
      arr[i] = walk(w, v[i], depth + 1);
      w.path.pop();
    }
    return arr;
  }
  if (!isPlainObject(v)) return structuredClone(v);
  const out: Record<string, unknown> = {};
  const isContextRoot = depth === 1 && w.path[0] === 'context';
  for (const key of Object.keys(v)) {
    if (isContextRoot && key === STAMP_KEY) continue;
    const nk = w.norm(key);
    let action = w.c.actions.get(nk);
    let field = nk;
    if (action === undefined && w.c.familyOf !== null) {
      // familyOf caches per raw key (key-families.ts), so a repeated key costs two lookups.
      const family = w.c.familyOf(key);
      const rule = family === null ? undefined : w.c.families.get(family);
      if (rule) ({ action, field } = rule);
    }
    w.path.push(key);
    if (action === undefined) put(out, key, walk(w, v[key], depth + 1));
    else protectField(w, action, field, v[key], out, key);
    w.path.pop();
  }
  return out;
}

/**
 * Apply a destination's protection policy to a deep copy of `event`.
 * The input is never mutated. Encrypted values are always strings.
 */
export function applyProtection(
  event: object,
  policy: ProtectionPolicy | CompiledPolicy,
  normalizeKey: NormalizeKey,
): { event: ProtectedEvent; report: FieldReport[] } {
  if (!isPlainObject(event)) throw new TypeError('event must be a plain object');
  const c = compiled(policy, normalizeKey);
  const w: Walk = {
    c,
    norm: memoNormalize(normalizeKey),
    path: [],
    report: [],
    encrypted: [],
    nonString: [],
  };
  const out: ProtectedEvent = {};
  for (const key of Object.keys(event)) {
    const value = event[key];
    if (PROTECTED_SECTIONS.includes(key)) {
      w.path.push(key);
      put(out, key, walk(w, value, 1));
      w.path.pop();
    } else {
      put(out, key, copy(value, 1));
    }
  }
  if (c.encryptKey && w.encrypted.length > 0) stamp(out, c.encryptKey, w);
  return { event: out, report: w.report };
}

function stamp(out: ProtectedEvent, key: ImportedKey, w: Walk): void {
  const s: EncryptionStamp = {
    keyFingerprint: key.fingerprint,
    alg: 'RSA-OAEP-256',
    fields: w.encrypted,
    nonString: w.nonString,
  };
  if (out.context === undefined) out.context = {};
  const ctx = out.context;
  // Never overwrite a malformed context: losing data silently is worse than failing.
  if (!isPlainObject(ctx)) throw new TypeError('event.context must be an object to record encryption metadata');
  ctx[STAMP_KEY] = s;
}
