// Validation of a destination's settings against its catalog schema, built
// with zod field by field so each field gets its own readable error. Pure: the
// Setup form runs it in the browser for instant feedback and the server runs
// the very same code before anything is stored.
import { z } from 'zod';
import type { CatalogEntry, SettingField, SettingValue } from './catalog';

export type SettingsMode =
  /** A new destination: required fields, secrets included, must be present. */
  | { kind: 'create' }
  /** An edit: a blank or missing secret keeps the stored one; null removes an optional one. */
  | { kind: 'update'; storedSecrets: ReadonlySet<string> };

export interface ValidSettings {
  /** Non-secret settings, defaults applied; stored in clear. */
  settings: Record<string, SettingValue>;
  /** Secrets given in this request (new or replaced); sealed before storage. */
  secrets: Record<string, string>;
  /** Optional secrets the user removed (update only). */
  removedSecrets: string[];
}

export interface FieldError {
  path: string;
  message: string;
}
export type SettingsResult = { ok: true; value: ValidSettings } | { ok: false; errors: FieldError[] };

const LIMITS = { text: 500, url: 2048, secret: 16_384 } as const;

/** Form inputs send '' for an untouched optional field; treat it as absent. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function typeError(f: SettingField, expected: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined ? `${f.label} is required.` : `${f.label} must be ${expected}.`;
}

function httpUrl(f: SettingField) {
  return z
    .string({ error: typeError(f, 'a URL') })
    .trim()
    .max(LIMITS.url, `${f.label} is too long.`)
    .superRefine((s, c) => {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        c.addIssue({ code: 'custom', message: `${f.label} must be a full URL such as https://example.com.` });
        return;
      }
      if (u.protocol !== 'https:' && u.protocol !== 'http:')
        c.addIssue({ code: 'custom', message: `${f.label} must start with https:// or http://.` });
      // A URL is stored in clear; credentials belong in the secret fields.
      if (u.username || u.password)
        c.addIssue({ code: 'custom', message: `${f.label} must not contain a user name or password.` });
    });
}

function valueSchema(f: SettingField): z.ZodType<SettingValue> {
  switch (f.type) {
    case 'text': {
      const base = z
        .string({ error: typeError(f, 'text') })
        .trim()
        .max(LIMITS.text, `${f.label} is too long (max ${LIMITS.text} characters).`);
      if (!f.pattern) return base;
      const re = new RegExp(f.pattern.regex);
      return base.refine((s) => re.test(s), `${f.label} ${f.pattern.message}.`);
    }
    case 'url':
      return httpUrl(f);
    case 'select': {
      const values = (f.options ?? []).map((o) => o.value);
      return z
        .string({ error: typeError(f, 'one of the options') })
        .refine((s) => values.includes(s), `${f.label} must be one of: ${values.join(', ')}.`);
    }
    case 'boolean':
      return z.boolean({ error: typeError(f, 'on or off') });
    case 'number': {
      let n = z.coerce.number({ error: typeError(f, 'a number') }).int(`${f.label} must be a whole number.`);
      if (f.min !== undefined) n = n.min(f.min, `${f.label} must be at least ${f.min}.`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label} must be at most ${f.max}.`);
      return n;
    }
    case 'secret':
      return z.string({ error: typeError(f, 'text') }).max(LIMITS.secret, `${f.label} is too long.`);
  }
}

function fieldSchema(f: SettingField, mode: SettingsMode): z.ZodType {
  const value = valueSchema(f);
  if (f.type === 'secret') {
    const stored = mode.kind === 'update' && mode.storedSecrets.has(f.key);
    // Required + nothing stored yet: the value must be typed now.
    if (f.required && !stored) return z.preprocess(blankToUndefined, value);
    const keepOrReplace = z.preprocess(blankToUndefined, value.optional());
    if (mode.kind === 'create') return keepOrReplace;
    return z.union([
      z
        .null()
        .refine(() => !f.required, `${f.label} is required and cannot be removed; type a new value to replace it.`),
      keepOrReplace,
    ]);
  }
  // A required field without a default must be present: an optional schema with a
  // refine on top would let an absent key through (zod skips it), so it is not optional at all.
  if (f.required && f.default === undefined) return z.preprocess(blankToUndefined, value);
  return z.preprocess(blankToUndefined, value.optional());
}

/** The zod schema for one catalog entry's settings object (strict: unknown keys are errors). */
export function settingsSchema(entry: CatalogEntry, mode: SettingsMode) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of entry.settings) shape[f.key] = fieldSchema(f, mode);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `Unknown setting${iss.keys.length > 1 ? 's' : ''} for ${entry.name}: ${iss.keys.join(', ')}.`
        : undefined,
  });
}

export function validateSettings(entry: CatalogEntry, raw: unknown, mode: SettingsMode): SettingsResult {
  const r = settingsSchema(entry, mode).safeParse(raw ?? {});
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => ({ path: ['settings', ...i.path.map(String)].join('.'), message: i.message })),
    };
  }
  const parsed = r.data as Record<string, SettingValue | null | undefined>;
  const value: ValidSettings = { settings: {}, secrets: {}, removedSecrets: [] };
  for (const f of entry.settings) {
    const v = parsed[f.key];
    if (f.type === 'secret') {
      if (typeof v === 'string') value.secrets[f.key] = v;
      else if (v === null) value.removedSecrets.push(f.key);
      continue;
    }
    const withDefault = v ?? f.default;
    if (withDefault !== undefined && withDefault !== null) value.settings[f.key] = withDefault;
  }
  return { ok: true, value };
}

/** Only the non-secret settings the catalog knows, for display (stored JSON may predate a catalog change). */
export function knownSettings(entry: CatalogEntry, stored: unknown): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return out;
  const s = stored as Record<string, unknown>;
  for (const f of entry.settings) {
    const v = s[f.key];
    if (f.type !== 'secret' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      out[f.key] = v;
  }
  return out;
}
