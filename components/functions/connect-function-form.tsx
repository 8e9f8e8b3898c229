'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { functionCatalogEntry } from '@/lib/functions/settings';
import { validateSettings } from '@/lib/destinations/settings-schema';
import { entityName } from '@/lib/schemas/names';
import type { FunctionListItem } from '@/lib/queries/functions';
import { useCreateDestination } from '@/lib/queries/destinations';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { Switch } from '@/components/ui/switch';
import { SettingsFields, initialValues, type FormValues } from '@/components/destinations/settings-fields';
import { FunctionLogo } from './function-logo';

interface Props {
  workspaceId: string;
  /** A deployed Destination Function (the page checked). */
  fn: FunctionListItem;
  sources: { id: string; name: string }[];
  preselected: string | null;
}

/** Connect a deployed Destination Function to a source: name, the function's settings, Enable. */
export function ConnectFunctionForm({ workspaceId, fn, sources, preselected }: Props) {
  const back = `/w/${workspaceId}/destinations/catalog/functions${preselected ? `?sourceId=${preselected}` : ''}`;
  return <Connect workspaceId={workspaceId} fn={fn} sources={sources} preselected={preselected} back={back} />;
}

function Connect({ workspaceId, fn, sources, preselected, back }: Props & { back: string }) {
  const router = useRouter();
  const create = useCreateDestination(workspaceId);
  const entry = useMemo(() => functionCatalogEntry(fn.settings), [fn.settings]);
  const [sourceId, setSourceId] = useState(preselected ?? (sources.length === 1 ? sources[0]!.id : ''));
  const [name, setName] = useState(fn.name);
  const [values, setValues] = useState<FormValues>(() => initialValues(entry));
  const [enabled, setEnabled] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorsOf(create.error), ...clientErrors };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.reset();
    const found: Record<string, string> = {};
    if (!sourceId) found.sourceId = 'Select a data source.';
    const n = entityName('Destination name').safeParse(name);
    if (!n.success) found.name = n.error.issues[0].message;
    const s = validateSettings(entry, values, { kind: 'create' });
    if (!s.ok) for (const err of s.errors) found[err.path] ??= err.message;
    setClientErrors(found);
    if (Object.keys(found).length) return;
    const d = await create
      .mutateAsync({ catalogId: FUNCTION_CATALOG_ID, functionId: fn.id, sourceId, name, settings: values, enabled })
      .catch(() => null);
    if (d) router.push(`/w/${workspaceId}/destinations/${d.id}/settings`);
  }

  const fieldKeys = ['name', 'sourceId', 'functionId'];
  const general =
    create.error &&
    !Object.keys(fieldErrorsOf(create.error)).some((k) => fieldKeys.includes(k) || k.startsWith('settings'))
      ? create.error.message
      : null;
  return (
    <div className="space-y-6">
      <p className="-mb-4 text-sm">
        <Link href={back} className="text-brand-700 hover:underline">
          Functions
        </Link>{' '}
        /
      </p>
      <div className="flex items-center gap-3">
        <FunctionLogo logo={fn.logo} kind={fn.kind} size="lg" />
        <div>
          <h1 className="text-2xl font-semibold">Connect {fn.name}</h1>
          <p className="text-sm text-slate-600">
            Destination Function · deployed version {fn.deployedVersion}. Its code decides what leaves and where it
            goes: there is no built-in encryption in front of it.
          </p>
        </div>
      </div>
      <form onSubmit={onSubmit} aria-label={`Connect ${fn.name}`} className="space-y-6" noValidate>
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <div>
            <label htmlFor="connect-source" className="block text-sm font-medium">
              Data source
            </label>
            <select
              id="connect-source"
              value={sourceId}
              onChange={(e) => setSourceId(e.target.value)}
              aria-invalid={Boolean(errors.sourceId)}
              aria-describedby="connect-source-msg"
              className={inputClass}
            >
              <option value="">Select a data source</option>
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <p id="connect-source-msg" className="mt-1 text-xs text-red-700">
              {errors.sourceId}
            </p>
          </div>
          <div>
            <label htmlFor="destination-name" className="block text-sm font-medium">
              Destination name
            </label>
            <input
              id="destination-name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={Boolean(errors.name)}
              aria-describedby="destination-name-msg"
              className={inputClass}
            />
            <p id="destination-name-msg" className="mt-1 text-xs text-red-700">
              {errors.name}
            </p>
          </div>
        </section>
        <section aria-labelledby="connect-settings" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="connect-settings" className="mb-1 text-lg font-semibold">
            Settings
          </h2>
          <p className="mb-4 text-sm text-slate-600">
            Values for the settings the function declares. Secrets are write-only: stored encrypted and never shown
            again.
          </p>
          {entry.settings.length === 0 ? (
            <p className="text-sm text-slate-500">The function declares no settings.</p>
          ) : (
            <SettingsFields
              entry={entry}
              values={values}
              errors={errors}
              onChange={(k, v) => setValues((old) => ({ ...old, [k]: v }))}
            />
          )}
        </section>
        <section className="flex items-center justify-between gap-4 rounded-lg border border-slate-200 bg-white p-6">
          <div>
            <h2 className="text-lg font-semibold">Enable destination</h2>
            <p className="text-sm text-slate-600">When enabled, events from the source run through the function.</p>
          </div>
          <Switch label="Enable destination" checked={enabled} onChange={setEnabled} />
        </section>
        {general && (
          <p role="alert" className="text-sm text-red-700">
            {general}
          </p>
        )}
        {Object.keys(clientErrors).length > 0 && (
          <p role="alert" className="text-sm text-red-700">
            Fix the highlighted fields.
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Link href={back} className={buttonClass.secondary}>
            Back
          </Link>
          <button type="submit" disabled={create.isPending || create.isSuccess} className={buttonClass.primary}>
            {create.isPending ? 'Connecting…' : 'Connect destination'}
          </button>
        </div>
      </form>
    </div>
  );
}
