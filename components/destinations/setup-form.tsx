'use client';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CatalogEntry } from '@/lib/destinations/catalog';
import { validateSettings } from '@/lib/destinations/settings-schema';
import { entityName } from '@/lib/schemas/names';
import { useCreateDestination } from '@/lib/queries/destinations';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { SettingsFields, initialValues, type FormValues } from './settings-fields';

/**
 * What a section placed inside the Setup form (for example "Have Segment
 * encrypt sensitive data") can do: add a block to the create request, which the
 * server applies in the same transaction, and hold the Create button until the
 * section is complete (e.g. "store your private key first").
 */
export interface SetupFormSlot {
  setPayload: (key: string, value: unknown) => void;
  setBlocker: (key: string, reason: string | null) => void;
  /** Server field errors for paths under the section's payload key (e.g. "encryption.fields"). */
  errors: Record<string, string>;
  /** Awaited after a successful create, before leaving the page (e.g. to show a one-time secret from the response). */
  setAfterCreate: (key: string, fn: ((created: unknown) => Promise<void>) | null) => void;
}

const SlotContext = createContext<SetupFormSlot | null>(null);

export function useSetupFormSlot(): SetupFormSlot {
  const v = useContext(SlotContext);
  if (!v) throw new Error('useSetupFormSlot must be used inside <SetupForm>');
  return v;
}

interface Props {
  workspaceId: string;
  entry: CatalogEntry;
  source: { id: string; name: string };
  /** Extra sections rendered between the settings and the Create button. */
  children?: React.ReactNode;
}

export function SetupForm({ workspaceId, entry, source, children }: Props) {
  const router = useRouter();
  const create = useCreateDestination(workspaceId);
  const [name, setName] = useState(entry.name);
  const [values, setValues] = useState<FormValues>(() => initialValues(entry));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [payload, setPayloadState] = useState<Record<string, unknown>>({});
  const [blockers, setBlockers] = useState<Record<string, string>>({});
  const afterCreate = useRef<Record<string, (created: unknown) => Promise<void>>>({});
  const setAfterCreate = useCallback((key: string, fn: ((created: unknown) => Promise<void>) | null) => {
    if (fn) afterCreate.current[key] = fn;
    else delete afterCreate.current[key];
  }, []);

  const setPayload = useCallback(
    (key: string, value: unknown) =>
      setPayloadState((p) => {
        const next = { ...p };
        if (value === undefined) delete next[key];
        else next[key] = value;
        return next;
      }),
    [],
  );
  const setBlocker = useCallback(
    (key: string, reason: string | null) =>
      setBlockers((b) => {
        const next = { ...b };
        if (reason) next[key] = reason;
        else delete next[key];
        return next;
      }),
    [],
  );

  const errors = useMemo(() => ({ ...fieldErrorsOf(create.error), ...clientErrors }), [create.error, clientErrors]);
  const slot = useMemo<SetupFormSlot>(
    () => ({ setPayload, setBlocker, errors, setAfterCreate }),
    [setPayload, setBlocker, errors, setAfterCreate],
  );
  const blocked = Object.values(blockers);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.reset();
    // The same checks the server runs, for instant per-field feedback.
    const found: Record<string, string> = {};
    const n = entityName('Destination name').safeParse(name);
    if (!n.success) found.name = n.error.issues[0].message;
    const s = validateSettings(entry, values, { kind: 'create' });
    if (!s.ok) for (const err of s.errors) found[err.path] ??= err.message;
    setClientErrors(found);
    if (Object.keys(found).length || blocked.length) return;
    const d = await create
      .mutateAsync({ catalogId: entry.id, sourceId: source.id, name, settings: values, ...payload })
      .catch(() => null);
    if (!d) return;
    for (const fn of Object.values(afterCreate.current)) await fn(d);
    router.push(`/w/${workspaceId}/destinations/${d.id}/settings`);
  }

  const general =
    create.error && !Object.keys(fieldErrorsOf(create.error)).some((k) => k === 'name' || k.startsWith('settings'))
      ? create.error.message
      : null;
  return (
    <SlotContext.Provider value={slot}>
      <form onSubmit={onSubmit} aria-label={`Set up ${entry.name}`} className="space-y-6" noValidate>
        <section className="rounded-lg border border-slate-200 bg-white p-6">
          <p className="mb-4 text-sm text-slate-600">
            Data source: <span className="font-medium text-slate-900">{source.name}</span>
          </p>
          <label htmlFor="destination-name" className="block text-sm font-medium">
            Destination name
          </label>
          <input
            id="destination-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            className={inputClass}
            aria-invalid={Boolean(errors.name)}
            aria-describedby="destination-name-help"
          />
          <p id="destination-name-help" className={`mt-1 text-xs ${errors.name ? 'text-red-700' : 'text-slate-500'}`}>
            {errors.name ?? 'Unique in this workspace, e.g. "Mixpanel (production)".'}
          </p>
        </section>
        {entry.settings.length > 0 && (
          <section aria-labelledby="setup-settings" className="rounded-lg border border-slate-200 bg-white p-6">
            <h2 id="setup-settings" className="mb-4 text-lg font-semibold">
              Settings
            </h2>
            <SettingsFields
              entry={entry}
              values={values}
              errors={errors}
              onChange={(k, v) => setValues((old) => ({ ...old, [k]: v }))}
            />
          </section>
        )}
        {children}
        {general && (
          <p role="alert" className="text-sm text-red-700">
            {general}
          </p>
        )}
        {blocked.length > 0 && (
          <ul className="text-sm text-amber-800">
            {blocked.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        )}
        {Object.keys(clientErrors).length > 0 && (
          <p role="alert" className="text-sm text-red-700">
            Fix the highlighted fields.
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => router.back()} className={buttonClass.secondary}>
            Back
          </button>
          <button
            type="submit"
            disabled={create.isPending || create.isSuccess || blocked.length > 0}
            className={buttonClass.primary}
          >
            {create.isPending ? 'Creating…' : 'Create destination'}
          </button>
        </div>
      </form>
    </SlotContext.Provider>
  );
}
