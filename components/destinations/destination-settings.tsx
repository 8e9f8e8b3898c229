'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import {
  useDestination,
  useDestinationMutations,
  useToggleDestination,
  type DestinationView,
} from '@/lib/queries/destinations';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { BAA_LABELS, catalogEntry, FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { functionCatalogEntry } from '@/lib/functions/settings';
import { validateSettings } from '@/lib/destinations/settings-schema';
import { entityName } from '@/lib/schemas/names';
import { useWorkspace } from '@/components/shell/workspace-context';
import { useReauth } from '@/components/session/reauth-dialog';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { Switch } from '@/components/ui/switch';
import { useToast } from '@/components/ui/toast';
import { TypedConfirmDialog } from '@/components/ui/typed-confirm-dialog';
import { SettingsFields, initialValues, type FormValues } from './settings-fields';
import { InsertFunctionSection } from '@/components/functions/insert-function-section';
import { ConnectedFunctionNote } from '@/components/functions/connected-function-note';

const OVERRIDE = { default: null, signs: true, none: false } as const;
type OverrideChoice = keyof typeof OVERRIDE;
const choiceOf = (v: boolean | null): OverrideChoice => (v === true ? 'signs' : v === false ? 'none' : 'default');

export function DestinationSettings({ workspaceId, initial }: { workspaceId: string; initial: DestinationView }) {
  const router = useRouter();
  const { can } = useWorkspace();
  const write = can('destinations.write');
  const { data: d } = useDestination(workspaceId, initial.id, initial);
  const m = useDestinationMutations(workspaceId, initial.id);
  // Its own mutation: turning the destination on or off is not a save of the Settings form below.
  const toggle = useToggleDestination(workspaceId);
  const { notify } = useToast();
  // Endpoint, credential and BAA changes in a HIPAA-eligible workspace answer reauth_required first.
  const reauth = useReauth();
  // A connected Destination Function is set up with the settings its deployed version declares.
  const entry = d.function ? functionCatalogEntry(d.function.settings) : catalogEntry(d.catalogId);
  const isFunction = d.catalogId === FUNCTION_CATALOG_ID;
  const [name, setName] = useState(d.name);
  const [values, setValues] = useState<FormValues>(() => (entry ? initialValues(entry, d.settings) : {}));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [deleting, setDeleting] = useState(false);
  const errors = { ...fieldErrorsOf(m.update.error), ...clientErrors };

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (!entry) return;
    m.update.reset();
    const found: Record<string, string> = {};
    const n = entityName('Destination name').safeParse(name);
    if (!n.success) found.name = n.error.issues[0].message;
    const s = validateSettings(entry, values, { kind: 'update', storedSecrets: new Set(Object.keys(d.secrets)) });
    if (!s.ok) for (const err of s.errors) found[err.path] ??= err.message;
    setClientErrors(found);
    if (Object.keys(found).length) return;
    const saved = await reauth.run(() => m.update.mutateAsync({ name, settings: values })).catch(() => null);
    // Typed secrets are cleared from the form once stored.
    if (saved) {
      setValues(initialValues(entry, saved.settings));
      notify('Settings saved');
    }
  }

  async function onDelete(typed: string) {
    const ok = await m.remove.mutateAsync(typed).then(
      () => true,
      () => false,
    );
    if (ok) router.push(`/w/${workspaceId}/destinations`);
  }

  const catalogBaa = entry?.baa ?? 'you_decide';
  return (
    <div className="space-y-6">
      <section
        aria-labelledby="enable-heading"
        className="flex items-center justify-between gap-4 rounded-lg border border-slate-200 bg-white p-6"
      >
        <div>
          <h2 id="enable-heading" className="text-lg font-semibold">
            Enable destination
          </h2>
          <p className="text-sm text-slate-600">
            When enabled, events from {d.source.name} are delivered to this destination.
          </p>
          {toggle.error && (
            <p role="alert" className="mt-1 text-sm text-red-700">
              {toggle.error.message}
            </p>
          )}
        </div>
        <Switch
          label="Enable destination"
          checked={d.enabled}
          disabled={!write || toggle.isPending}
          onChange={(enabled) =>
            toggle.mutate(
              { id: d.id, enabled },
              { onSuccess: (v) => notify(`${v.name} ${v.enabled ? 'enabled' : 'disabled'}`) },
            )
          }
        />
      </section>

      <form
        onSubmit={onSave}
        aria-label="Destination settings"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
        noValidate
      >
        <h2 className="text-lg font-semibold">Settings</h2>
        <div>
          <label htmlFor="destination-name" className="block text-sm font-medium">
            Destination name
          </label>
          <input
            id="destination-name"
            value={name}
            disabled={!write}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            className={inputClass}
            aria-invalid={Boolean(errors.name)}
          />
          {errors.name && <p className="mt-1 text-xs text-red-700">{errors.name}</p>}
        </div>
        {entry ? (
          <SettingsFields
            entry={entry}
            values={values}
            errors={errors}
            disabled={!write}
            storedSecrets={d.secrets}
            onChange={(k, v) => setValues((o) => ({ ...o, [k]: v }))}
          />
        ) : (
          <p className="text-sm text-amber-800">
            This destination type ({d.catalogId}) is no longer in the catalog; its settings cannot be edited.
          </p>
        )}
        {m.update.error && !Object.keys(fieldErrorsOf(m.update.error)).length && (
          <p role="alert" className="text-sm text-red-700">
            {m.update.error.message}
          </p>
        )}
        {Object.keys(clientErrors).length > 0 && (
          <p role="alert" className="text-sm text-red-700">
            Fix the highlighted fields.
          </p>
        )}
        {write && (
          <div className="flex items-center justify-end gap-4">
            <p className="text-xs text-slate-500">
              Changing where events go holds deliveries queued for the old endpoint until an owner replays them.
            </p>
            <button type="submit" disabled={m.update.isPending} className={buttonClass.primary}>
              Save changes
            </button>
          </div>
        )}
      </form>

      {isFunction && d.function && <ConnectedFunctionNote workspaceId={workspaceId} fn={d.function} />}
      {!isFunction && <InsertFunctionSection workspaceId={workspaceId} d={d} />}

      <section aria-labelledby="baa-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="baa-heading" className="text-lg font-semibold">
          BAA status
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Catalog default for {entry?.name ?? d.catalogId}: {BAA_LABELS[catalogBaa]}. {entry?.baaNote}
        </p>
        <div className="mt-3 max-w-md">
          <label htmlFor="baa-override" className="block text-sm font-medium">
            BAA status for this destination
          </label>
          <select
            id="baa-override"
            value={choiceOf(d.baaOverride)}
            disabled={!can('destinations.baa_override') || m.baaOverride.isPending}
            onChange={(e) => {
              const override = OVERRIDE[e.target.value as OverrideChoice];
              void reauth
                .run(() => m.baaOverride.mutateAsync(override))
                .then(() => notify('BAA status saved'))
                .catch(() => undefined);
            }}
            className={inputClass}
          >
            <option value="default">Use the catalog default ({BAA_LABELS[catalogBaa]})</option>
            <option value="signs">A signed BAA covers this destination</option>
            <option value="none">No BAA covers this destination</option>
          </select>
          <p className="mt-1 text-xs text-slate-500">
            Only owners can change this. It decides whether PHI warnings apply.
          </p>
        </div>
        {m.baaOverride.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {m.baaOverride.error.message}
          </p>
        )}
      </section>

      {write && (
        <section aria-labelledby="delete-heading" className="rounded-lg border border-red-200 bg-white p-6">
          <h2 id="delete-heading" className="text-lg font-semibold text-red-800">
            Delete destination
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            Stops delivery and removes its settings, keys and delivery records. Audit log entries are kept.
          </p>
          <button type="button" onClick={() => setDeleting(true)} className={`${buttonClass.danger} mt-4`}>
            Delete destination
          </button>
        </section>
      )}
      <TypedConfirmDialog
        open={deleting}
        title={`Delete ${d.name}?`}
        name={d.name}
        onClose={() => {
          setDeleting(false);
          m.remove.reset();
        }}
        onConfirm={(t) => void onDelete(t)}
        pending={m.remove.isPending}
        error={m.remove.error?.message}
      >
        <p>This cannot be undone.</p>
      </TypedConfirmDialog>
      {reauth.dialog}
    </div>
  );
}
