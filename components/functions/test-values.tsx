'use client';
import type { FunctionSettingDef } from '@/lib/functions/types';
import { inputClass } from '@/components/ui/dialog';

export type TestValues = Record<string, string | boolean>;

/** The values a test run sends: blanks left out, numbers as numbers. */
export function testValuesPayload(
  defs: readonly FunctionSettingDef[],
  values: TestValues,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const d of defs) {
    const v = values[d.name];
    if (d.type === 'boolean') out[d.name] = v === true;
    else if (typeof v === 'string' && v !== '') out[d.name] = d.type === 'number' ? Number(v) : v;
  }
  return out;
}

/** Values for the declared settings, used for this test run only (secrets are typed into password fields). */
export function TestValuesFields({
  defs,
  values,
  onChange,
}: {
  defs: readonly FunctionSettingDef[];
  values: TestValues;
  onChange: (name: string, v: string | boolean) => void;
}) {
  const named = defs.filter((d) => d.name);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Setting values for this test</legend>
      {named.length === 0 && <p className="text-xs text-slate-500">The function declares no settings.</p>}
      {named.map((d) => {
        const id = `fn-test-value-${d.name}`;
        const v = values[d.name];
        if (d.type === 'boolean') {
          return (
            <label key={d.name} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={v === true} onChange={(e) => onChange(d.name, e.target.checked)} />
              {d.label || d.name}
            </label>
          );
        }
        return (
          <div key={d.name} className="text-sm">
            {/* The asterisk sits outside the label so the accessible name stays the plain label. */}
            <div>
              <label htmlFor={id}>{d.label || d.name}</label>
              {d.required && (
                <span aria-hidden className="text-red-700">
                  {' '}
                  *
                </span>
              )}
            </div>
            <input
              id={id}
              type={d.type === 'secret' ? 'password' : d.type === 'number' ? 'number' : 'text'}
              autoComplete={d.type === 'secret' ? 'new-password' : 'off'}
              spellCheck={false}
              aria-required={d.required || undefined}
              value={typeof v === 'string' ? v : ''}
              onChange={(e) => onChange(d.name, e.target.value)}
              className={inputClass}
            />
          </div>
        );
      })}
    </fieldset>
  );
}
