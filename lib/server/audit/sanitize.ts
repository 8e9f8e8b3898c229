import 'server-only';
// Guard for the `changes` column: a short before/after of non-secret fields.
// Callers should only pass safe fields; this is the backstop that keeps a key,
// password, write key or PHI sample out of the (permanent, exported) audit log
// even when a caller gets it wrong.

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

// Words that, appearing anywhere in a camelCase/snake_case key, mark its value as
// a secret or a PHI value. "key" is deliberately broad (writeKey, apiKey, keyHash).
const DENY_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'pem',
  'private',
  'credential',
  'credentials',
  'sample',
  'samples',
  'value',
  'values',
  'payload',
  'cookie',
  'authorization',
  'otp',
  'totp',
  'recovery',
  'ssn',
  'enc',
  'ciphertext',
  'plaintext',
]);
// Field *names* that contain a deny word but hold no secret (a key path is the
// name of a field, not its value).
const ALLOW_KEYS = new Set(['keyPath', 'normalizedKey', 'matchOn', 'encryptedFields', 'hashedFields']);

const MAX_DEPTH = 4;
const MAX_STRING = 200;
const MAX_ARRAY = 50;
const MAX_KEYS = 50;
export const MAX_CHANGES_BYTES = 4096;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSensitiveKey(key: string): boolean {
  if (ALLOW_KEYS.has(key)) return false;
  return words(key).some((w) => DENY_WORDS.has(w));
}

// Values that look like key material whatever their field is called: PEM blocks
// and long unbroken base64/hex runs (a UUID, 36 chars, stays below the bar).
function looksSecret(s: string): boolean {
  return s.includes('-----BEGIN') || /^[A-Za-z0-9+/=_-]{40,}$/.test(s);
}

function clean(v: unknown, depth: number, redacted: Set<string>, path: string): Json | undefined {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') {
    if (looksSecret(v)) {
      redacted.add(path || '(value)');
      return undefined;
    }
    return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…` : v;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(v)) {
    const out = v
      .slice(0, MAX_ARRAY)
      .map((x) => clean(x, depth + 1, redacted, path))
      .filter((x): x is Json => x !== undefined);
    if (v.length > MAX_ARRAY) out.push(`[+${v.length - MAX_ARRAY} more]`);
    return out;
  }
  if (typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>).slice(0, MAX_KEYS)) {
      const p = path ? `${path}.${k}` : k;
      if (isSensitiveKey(k)) {
        redacted.add(p);
        continue;
      }
      const c = clean(x, depth + 1, redacted, p);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined; // functions, symbols, undefined
}

/**
 * Drops secret-looking keys and values, truncates long strings and arrays and caps
 * the whole object at MAX_CHANGES_BYTES. The names (never the values) of dropped
 * fields are kept under `redacted` so a reviewer can see that something changed.
 */
export function sanitizeChanges(changes: Record<string, unknown> | null | undefined): Record<string, Json> | null {
  if (!changes) return null;
  const redacted = new Set<string>();
  const out = clean(changes, 0, redacted, '') as Record<string, Json>;
  if (redacted.size) out.redacted = [...redacted].slice(0, 20);
  if (JSON.stringify(out).length > MAX_CHANGES_BYTES) {
    return { truncated: true, fields: Object.keys(out).slice(0, 20) };
  }
  return Object.keys(out).length ? out : null;
}

// JSON.stringify throws on bigint (Prisma's BigInt columns); compare them as text.
const stable = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/**
 * Before/after of the given fields, or null when nothing changed, so that "a save
 * that changed nothing logs nothing" is one `if` for the caller.
 */
export function diffChanges<T extends Record<string, unknown>>(
  before: T | null,
  after: T | null,
  fields: readonly (keyof T & string)[],
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const f of fields) {
    const x = before?.[f];
    const y = after?.[f];
    if (stable(x) === stable(y)) continue;
    b[f] = x ?? null;
    a[f] = y ?? null;
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
