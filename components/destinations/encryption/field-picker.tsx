'use client';
import { useId, useMemo, useState } from 'react';
import type { FieldOptionView } from '@/lib/schemas/encryption';
import { inputClass } from '@/components/ui/dialog';

/** A comma-separated inline list; the commas are CSS, so each item's text is just the key. */
const INLINE_LIST = "inline font-mono [&>li]:inline [&>li:not(:last-child)]:after:content-[',_']";

const ORIGIN_LABEL: Record<FieldOptionView['origin'], string> = {
  default: 'default matcher',
  custom: 'custom matcher',
  synonym: 'synonym',
  inventory: 'inventory',
};

/**
 * The "Fields" multi-select: a filter box over a checkbox list of Yellow
 * options, and the selection as chips with an x button ("Remove <field>").
 * Under the chips, what each chosen field covers: the keys the Privacy Portal's
 * classifier treats as that field (spellings and synonyms) and the key paths seen
 * with them. Options listed in `unavailable` (e.g. fields already hashed), or
 * covering the same keys as one, are shown disabled with the reason, so the
 * never-both rule is visible before saving.
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
  const byKey = useMemo(() => new Map(options.map((o) => [o.key, o])), [options]);
  // Two spellings of one field cover each other's keys: one being unavailable makes both so.
  const reasonFor = (o: FieldOptionView): string | undefined => {
    if (unavailable[o.key]) return unavailable[o.key];
    const other = o.includes.keys.find((k) => unavailable[k]);
    return other === undefined ? undefined : `${unavailable[other]} as “${other}”`;
  };
  const covered = selected.flatMap((k) => {
    const o = byKey.get(k);
    return o ? [o] : [];
  });
  // Element ids by position in the full list: keys can be any Unicode text.
  const indexOf = useMemo(() => new Map(options.map((o, i) => [o.key, i])), [options]);

  return (
    <fieldset className="space-y-2" disabled={disabled} aria-describedby={`${id}-hint`}>
      <legend className="text-sm font-medium">{label}</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Only fields classified <strong>Yellow</strong> are listed. If a field is missing, classify it Yellow in the
        Privacy Portal first. A field covers every key the Privacy Portal maps to it, in{' '}
        <span className="font-mono">context</span>, <span className="font-mono">traits</span> and{' '}
        <span className="font-mono">properties</span>: its spellings and synonyms (e.g.{' '}
        <span className="font-mono">email</span> covers <span className="font-mono">emailAddress</span>), including
        synonyms added later. Matching is exact on the normalised key, not fuzzy.
      </p>
      <ul aria-label={`Selected ${label.toLowerCase()}`} className="flex min-h-8 flex-wrap gap-2">
        {selected.length === 0 && <li className="text-xs text-slate-500">None selected</li>}
        {selected.map((k) => (
          <li
            key={k}
            className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-800"
          >
            <span className="font-mono">{k}</span>
            {!byKey.has(k) && <span className="text-amber-800">(no longer Yellow)</span>}
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
      {covered.length > 0 && (
        <div className="space-y-1 rounded-md bg-slate-50 p-2 text-xs text-slate-700">
          {covered.map((o) => (
            <div key={o.key}>
              <span className="font-mono font-medium">{o.key}</span> covers{' '}
              <ul aria-label={`Keys covered by ${o.key}`} className={INLINE_LIST}>
                {o.includes.keys.map((k) => (
                  <li key={k}>{k}</li>
                ))}
              </ul>
              {o.includes.observed.length > 0 && (
                <>
                  {'; seen as '}
                  <ul aria-label={`Key paths seen for ${o.key}`} className={INLINE_LIST}>
                    {o.includes.observed.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                  {o.includes.observedMore > 0 && ` and ${o.includes.observedMore} more`}
                </>
              )}
            </div>
          ))}
        </div>
      )}
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
          const reason = reasonFor(o);
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
