'use client';
import type { CatalogEntry, SettingField } from '@/lib/destinations/catalog';
import { inputClass } from '@/components/ui/dialog';

export type FormValues = Record<string, string | boolean | null>;

/** Form values for an entry: stored (or default) values, secrets always blank. */
export function initialValues(entry: CatalogEntry, stored: Record<string, string | number | boolean> = {}): FormValues {
  const out: FormValues = {};
  for (const f of entry.settings) {
    if (f.type === 'secret') out[f.key] = '';
    else if (f.type === 'boolean') out[f.key] = Boolean(stored[f.key] ?? f.default ?? false);
    else out[f.key] = String(stored[f.key] ?? f.default ?? '');
  }
  return out;
}

interface Props {
  entry: CatalogEntry;
  values: FormValues;
  onChange: (key: string, value: string | boolean | null) => void;
  errors: Record<string, string>;
  /** Edit mode: which secrets are already stored (and their last four characters). */
  storedSecrets?: Record<string, { last4: string | null }>;
  disabled?: boolean;
  /** Element ids start with this; set it when two settings forms share a page (an Insert Function's). */
  idPrefix?: string;
}

function SecretHint({
  f,
  stored,
  removed,
  editing,
}: {
  f: SettingField;
  stored?: { last4: string | null };
  removed: boolean;
  editing: boolean;
}) {
  // Write-only: an edit form says whether a secret is set, never what it is.
  if (!stored) return editing ? <>Not set. </> : null;
  if (removed) return <>Will be removed when you save.</>;
  return (
    <>
      Stored encrypted{stored.last4 ? ` (ends in ${stored.last4})` : ''}. Leave blank to keep it; type a new value to
      replace it.{f.required ? '' : ' '}
    </>
  );
}

export function SettingsFields({
  entry,
  values,
  onChange,
  errors,
  storedSecrets,
  disabled,
  idPrefix = 'setting',
}: Props) {
  return (
    <div className="space-y-4">
      {entry.settings.map((f) => {
        const id = `${idPrefix}-${f.key}`;
        const error = errors[`settings.${f.key}`];
        const describedBy = `${id}-help`;
        const v = values[f.key];
        const stored = storedSecrets?.[f.key];
        // aria-required rather than text in the label, so the accessible name stays the plain label.
        const common = {
          id,
          disabled,
          'aria-invalid': Boolean(error),
          'aria-describedby': describedBy,
          'aria-required': f.required || undefined,
        };
        return (
          <div key={f.key}>
            {f.type === 'boolean' ? (
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  {...common}
                  checked={v === true}
                  onChange={(e) => onChange(f.key, e.target.checked)}
                />
                {f.label}
              </label>
            ) : (
              <div className="text-sm font-medium">
                <label htmlFor={id}>{f.label}</label>
                {f.required && (
                  <span aria-hidden className="text-red-700">
                    {' '}
                    *
                  </span>
                )}
              </div>
            )}
            {f.type === 'select' && (
              <select
                {...common}
                value={String(v ?? '')}
                onChange={(e) => onChange(f.key, e.target.value)}
                className={inputClass}
              >
                {!f.required && f.default === undefined && <option value="">Not set</option>}
                {(f.options ?? []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
            {(f.type === 'text' || f.type === 'url' || f.type === 'number') && (
              <input
                {...common}
                type={f.type === 'number' ? 'number' : f.type === 'url' ? 'url' : 'text'}
                value={String(v ?? '')}
                placeholder={f.placeholder ?? (typeof f.default === 'string' ? f.default : undefined)}
                min={f.min}
                max={f.max}
                onChange={(e) => onChange(f.key, e.target.value)}
                className={inputClass}
              />
            )}
            {f.type === 'secret' && (
              <div className="flex items-center gap-2">
                <input
                  {...common}
                  type="password"
                  autoComplete="new-password"
                  value={v === null ? '' : String(v ?? '')}
                  disabled={disabled || v === null}
                  placeholder={stored ? '••••••••' : undefined}
                  onChange={(e) => onChange(f.key, e.target.value)}
                  className={inputClass}
                />
                {stored && !f.required && (
                  <button
                    type="button"
                    className="mt-1 text-sm text-red-700 hover:underline"
                    onClick={() => onChange(f.key, v === null ? '' : null)}
                  >
                    {v === null ? 'Keep' : 'Remove'}
                    <span className="sr-only"> {f.label}</span>
                  </button>
                )}
              </div>
            )}
            <p id={describedBy} className={`mt-1 text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}>
              {error ??
                (f.type === 'secret' ? (
                  <SecretHint f={f} stored={stored} removed={v === null} editing={storedSecrets !== undefined} />
                ) : null)}
              {!error && f.type !== 'secret' ? f.help : null}
              {!error && f.type === 'secret' && !stored ? f.help : null}
            </p>
          </div>
        );
      })}
    </div>
  );
}
