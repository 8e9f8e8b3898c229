'use client';
import { useState, type FormEvent } from 'react';
import type { DestinationView } from '@/lib/schemas/destinations';
import { functionCatalogEntry } from '@/lib/functions/settings';
import { validateSettings } from '@/lib/destinations/settings-schema';
import { useFunctions, useSetInsertFunction } from '@/lib/queries/functions';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { SettingsFields, initialValues, type FormValues } from '@/components/destinations/settings-fields';

/**
 * A catalog destination's Insert Function: pick a deployed one, give its settings
 * values, or remove it. It runs after consent and before the destination's own
 * encryption and hashing.
 */
export function InsertFunctionSection({ workspaceId, d }: { workspaceId: string; d: DestinationView }) {
  const { can } = useWorkspace();
  const write = can('destinations.write') && can('functions.connect');
  const list = useFunctions(workspaceId, can('functions.read') || can('functions.connect'));
  const put = useSetInsertFunction(workspaceId, d.id);
  const { notify } = useToast();
  const current = d.insertFunction;
  const [choice, setChoice] = useState(current?.id ?? '');
  const deployed = (list.data ?? []).filter((f) => f.kind === 'insert' && f.deployedVersion !== null);
  const chosen = deployed.find((f) => f.id === choice);
  // The current function's settings are the ones its deployed version declares, as the destination view says.
  const defs = choice && choice === current?.id ? current.settings : (chosen?.settings ?? []);
  const entry = functionCatalogEntry(defs);
  const same = choice !== '' && choice === current?.id;
  const [values, setValues] = useState<FormValues>(() =>
    initialValues(entry, same ? (current?.settingsValues ?? {}) : {}),
  );
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(put.error), ...clientErrors };

  function pick(id: string) {
    setChoice(id);
    put.reset();
    setClientErrors({});
    const next = id === current?.id ? current.settings : (deployed.find((f) => f.id === id)?.settings ?? []);
    setValues(initialValues(functionCatalogEntry(next), id === current?.id ? current.settingsValues : {}));
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    put.reset();
    if (!choice) {
      await put.mutateAsync({ functionId: null, settings: {} }).catch(() => null);
      return;
    }
    const s = validateSettings(
      entry,
      values,
      same ? { kind: 'update', storedSecrets: new Set(Object.keys(current?.secrets ?? {})) } : { kind: 'create' },
    );
    const found: Record<string, string> = {};
    if (!s.ok) for (const err of s.errors) found[err.path] ??= err.message;
    setClientErrors(found);
    if (Object.keys(found).length) return;
    // The insert-function input takes values only (no null), so an optional secret cannot be removed here.
    const given = Object.fromEntries(
      Object.entries(values).filter((e): e is [string, string | boolean] => e[1] !== null),
    );
    const saved = await put.mutateAsync({ functionId: choice, settings: given }).catch(() => null);
    if (saved?.insertFunction) {
      setValues(
        initialValues(functionCatalogEntry(saved.insertFunction.settings), saved.insertFunction.settingsValues),
      );
      notify('Insert Function saved');
    }
  }

  async function onRemove() {
    put.reset();
    const saved = await put.mutateAsync({ functionId: null, settings: {} }).catch(() => null);
    if (saved) {
      setChoice('');
      setValues({});
      notify('Insert Function removed');
    }
  }

  return (
    <section aria-labelledby="insert-fn-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="insert-fn-heading" className="text-lg font-semibold">
        Insert Function
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Your code changes or drops each event for this destination. It runs after consent and before this
        destination&rsquo;s encryption and hashing.
      </p>
      <p className="mt-2 text-sm">
        {current
          ? `Attached: ${current.name} (deployed version ${current.deployedVersion ?? 'none'}).`
          : 'No Insert Function attached.'}
      </p>
      {write && (
        <form onSubmit={onSave} aria-label="Insert Function" className="mt-4 space-y-4" noValidate>
          <div className="max-w-md">
            <label htmlFor="insert-fn-select" className="block text-sm font-medium">
              Insert Function to run
            </label>
            <select
              id="insert-fn-select"
              value={choice}
              onChange={(e) => pick(e.target.value)}
              aria-describedby="insert-fn-select-help"
              className={inputClass}
            >
              <option value="">None</option>
              {current && !deployed.some((f) => f.id === current.id) && (
                <option value={current.id}>{current.name}</option>
              )}
              {deployed.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} (version {f.deployedVersion})
                </option>
              ))}
            </select>
            <p id="insert-fn-select-help" className="mt-1 text-xs text-slate-500">
              {list.isPending
                ? 'Loading Insert Functions…'
                : deployed.length === 0
                  ? 'No deployed Insert Functions yet.'
                  : 'Deployed Insert Functions only.'}
            </p>
          </div>
          {choice && entry.settings.length > 0 && (
            <SettingsFields
              entry={entry}
              values={values}
              errors={errors}
              idPrefix="insert-setting"
              storedSecrets={same ? current?.secrets : undefined}
              onChange={(k, v) => setValues((o) => ({ ...o, [k]: v }))}
            />
          )}
          {put.error && !Object.keys(fieldErrorsOf(put.error)).length && (
            <p role="alert" className="text-sm text-red-700">
              {put.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            {current && (
              <button
                type="button"
                onClick={() => void onRemove()}
                disabled={put.isPending}
                className={buttonClass.secondary}
              >
                Remove Insert Function
              </button>
            )}
            <button type="submit" disabled={put.isPending || (!choice && !current)} className={buttonClass.primary}>
              Save Insert Function
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
