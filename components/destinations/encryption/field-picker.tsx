'use client';
import { useId, useMemo, useState } from 'react';
import type { FieldOptionView } from '@/lib/schemas/encryption';
import { inputClass } from '@/components/ui/dialog';

const ORIGIN_LABEL: Record<FieldOptionView['origin'], string> = {
  default: 'default matcher',
  custom: 'custom matcher',
  synonym: 'synonym',
  inventory: 'inventory',
};

/**
 * The "Fields" multi-select: a filter box over a checkbox list of Yellow
 * options, and the selection as chips with an x button ("Remove <field>").
 * Options listed in `unavailable` (e.g. fields already hashed) are shown
 * disabled with the reason, so the never-both rule is visible before saving.
 */
export function FieldPicker({
  label,
  options,
  selected,
  onChange,
  unavailable = {},
  disabled,
  error,
}: {
  label: string;
  options: readonly FieldOptionView[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  unavailable?: Record<string, string>;
  disabled?: boolean;
  error?: string | null;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? options.filter((o) => o.key.includes(q) || o.source.toLowerCase().includes(q)) : options;
  }, [options, filter]);
  const toggle = (key: string, on: boolean) =>
    onChange(on ? [...selected.filter((k) => k !== key), key] : selected.filter((k) => k !== key));
  // Selected fields that are no longer offered (reclassified since) still show, so they can be removed.
  const known = new Set(options.map((o) => o.key));
  // Element ids by position in the full list: keys can be any Unicode text.
  const indexOf = useMemo(() => new Map(options.map((o, i) => [o.key, i])), [options]);

  return (
    <fieldset className="space-y-2" disabled={disabled} aria-describedby={`${id}-hint`}>
      <legend className="text-sm font-medium">{label}</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Only fields classified <strong>Yellow</strong> are listed. If a field is missing, classify it Yellow in the
        Privacy Portal first. Matching is exact on the normalised key (e.g.{' '}
        <span className="font-mono">emailAddress</span> → <span className="font-mono">email address</span>), not fuzzy.
      </p>
      <ul aria-label={`Selected ${label.toLowerCase()}`} className="flex min-h-8 flex-wrap gap-2">
        {selected.length === 0 && <li className="text-xs text-slate-500">None selected</li>}
        {selected.map((k) => (
          <li
            key={k}
            className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-800"
          >
            <span className="font-mono">{k}</span>
            {!known.has(k) && <span className="text-amber-800">(no longer Yellow)</span>}
            <button
              type="button"
              aria-label={`Remove ${k}`}
              onClick={() => toggle(k, false)}
              className="rounded px-1 hover:bg-brand-100"
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={`${id}-filter`} className="sr-only">
        Filter {label.toLowerCase()}
      </label>
      <input
        id={`${id}-filter`}
        type="search"
        placeholder="Filter fields…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        className={inputClass}
      />
      <div
        role="group"
        aria-label={`${label} options`}
        className="max-h-56 overflow-auto rounded-md border border-slate-200 p-2"
      >
        {visible.length === 0 && <p className="text-xs text-slate-500">No Yellow field matches “{filter}”.</p>}
        {visible.map((o) => {
          const reason = unavailable[o.key];
          const inputId = `${id}-opt-${indexOf.get(o.key)}`;
          return (
            <div key={o.key} className="flex items-center gap-2 py-0.5 text-sm">
              <input
                id={inputId}
                type="checkbox"
                checked={selected.includes(o.key)}
                disabled={Boolean(reason)}
                aria-describedby={`${inputId}-d`}
                onChange={(e) => toggle(o.key, e.target.checked)}
              />
              <label htmlFor={inputId} className={`font-mono ${reason ? 'text-slate-400' : ''}`}>
                {o.key}
              </label>
              <span id={`${inputId}-d`} className="text-xs text-slate-500">
                {o.origin === 'inventory' ? o.source : `${o.source} · ${ORIGIN_LABEL[o.origin]}`}
                {reason ? ` · ${reason}` : ''}
              </span>
            </div>
          );
        })}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
