'use client';
import { functionSettingDef, MAX_FUNCTION_SETTINGS } from '@/lib/schemas/functions';
import type { FunctionSettingDef, FunctionSettingType } from '@/lib/functions/types';
import { buttonClass, inputClass } from '@/components/ui/dialog';

const TYPES: { value: FunctionSettingType; label: string }[] = [
  { value: 'string', label: 'String' },
  { value: 'boolean', label: 'Boolean' },
  { value: 'number', label: 'Number' },
  { value: 'secret', label: 'Secret (write-only, masked)' },
];

/** Per-field messages, keyed "settings.<index>.<field>" like the server's field errors. */
export function settingsErrors(defs: readonly FunctionSettingDef[]): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    const r = functionSettingDef.safeParse(d);
    if (!r.success) for (const iss of r.error.issues) out[`settings.${i}.${String(iss.path[0])}`] ??= iss.message;
    if (seen.has(d.name)) out[`settings.${i}.name`] ??= 'Each setting needs its own name.';
    seen.add(d.name);
  });
  return out;
}

interface Props {
  defs: FunctionSettingDef[];
  onChange: (defs: FunctionSettingDef[]) => void;
  errors: Record<string, string>;
  readOnly?: boolean;
}

/** Settings the code reads as settings.<name>; each connected destination gives them values. */
export function SettingsPanel({ defs, onChange, errors, readOnly }: Props) {
  const set = (i: number, patch: Partial<FunctionSettingDef>) =>
    onChange(defs.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <section
      aria-labelledby="fn-settings-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div>
        <h2 id="fn-settings-heading" className="text-lg font-semibold">
          Settings
        </h2>
        <p className="text-sm text-slate-600">
          The code reads each one as <code>settings.name</code>. Secret values are write-only: masked in forms, never
          shown again.
        </p>
      </div>
      {defs.length === 0 && <p className="text-sm text-slate-500">No settings declared.</p>}
      <ol className="space-y-3">
        {defs.map((d, i) => {
          const id = `fn-setting-${i}`;
          const err = (f: string) => errors[`settings.${i}.${f}`];
          const title = `Setting ${i + 1}${d.name ? `: ${d.name}` : ''}`;
          return (
            <li key={i}>
              <fieldset className="rounded-md border border-slate-200 p-3">
                <legend className="px-1 text-sm font-medium">{title}</legend>
                <div className="grid grid-cols-2 gap-2">
                  <Field id={`${id}-name`} label="Name" error={err('name')}>
                    <input
                      id={`${id}-name`}
                      value={d.name}
                      disabled={readOnly}
                      spellCheck={false}
                      onChange={(e) => set(i, { name: e.target.value })}
                      aria-invalid={Boolean(err('name'))}
                      aria-describedby={`${id}-name-msg`}
                      className={`${inputClass} font-mono`}
                    />
                  </Field>
                  <Field id={`${id}-label`} label="Label" error={err('label')}>
                    <input
                      id={`${id}-label`}
                      value={d.label}
                      disabled={readOnly}
                      onChange={(e) => set(i, { label: e.target.value })}
                      aria-invalid={Boolean(err('label'))}
                      aria-describedby={`${id}-label-msg`}
                      className={inputClass}
                    />
                  </Field>
                  <Field id={`${id}-type`} label="Type">
                    <select
                      id={`${id}-type`}
                      value={d.type}
                      disabled={readOnly}
                      onChange={(e) => set(i, { type: e.target.value as FunctionSettingType })}
                      className={inputClass}
                    >
                      {TYPES.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <label className="mt-6 flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={d.required}
                      disabled={readOnly}
                      onChange={(e) => set(i, { required: e.target.checked })}
                    />
                    Required
                  </label>
                  <div className="col-span-2">
                    <Field id={`${id}-description`} label="Description" error={err('description')}>
                      <input
                        id={`${id}-description`}
                        value={d.description ?? ''}
                        disabled={readOnly}
                        onChange={(e) => set(i, { description: e.target.value || undefined })}
                        aria-describedby={`${id}-description-msg`}
                        className={inputClass}
                      />
                    </Field>
                  </div>
                </div>
                {!readOnly && (
                  <button
                    type="button"
                    onClick={() => onChange(defs.filter((_, j) => j !== i))}
                    className="mt-2 text-sm text-red-700 hover:underline"
                  >
                    Remove <span className="sr-only">{title}</span>
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <button
          type="button"
          disabled={defs.length >= MAX_FUNCTION_SETTINGS}
          onClick={() => onChange([...defs, { name: '', label: '', type: 'string', required: false }])}
          className={buttonClass.secondary}
        >
          Add setting
        </button>
      )}
    </section>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children}
      <p id={`${id}-msg`} className="mt-1 text-xs text-red-700">
        {error}
      </p>
    </div>
  );
}
