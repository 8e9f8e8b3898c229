'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useSource, useSourceMutations, type SourceView } from '@/lib/queries/sources';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { Switch } from '@/components/ui/switch';
import { useToast } from '@/components/ui/toast';
import { TypedConfirmDialog } from '@/components/ui/typed-confirm-dialog';

export function SourceSettings({ workspaceId, initial }: { workspaceId: string; initial: SourceView }) {
  const router = useRouter();
  const { can } = useWorkspace();
  const write = can('sources.write');
  const { data: s } = useSource(workspaceId, initial.id, initial);
  const m = useSourceMutations(workspaceId, initial.id);
  const { notify } = useToast();
  const [name, setName] = useState(initial.name);
  const [deleting, setDeleting] = useState(false);
  const nameError = m.update.error ? (fieldErrorsOf(m.update.error).name ?? m.update.error.message) : null;

  async function onRename(e: FormEvent) {
    e.preventDefault();
    const ok = await m.update.mutateAsync({ name }).then(
      () => true,
      () => false,
    );
    if (ok) {
      notify('Source renamed');
      router.refresh();
    }
  }
  async function onDelete(typed: string) {
    const ok = await m.remove.mutateAsync(typed).then(
      () => true,
      () => false,
    );
    if (ok) router.push(`/w/${workspaceId}/sources`);
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="general-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="general-heading" className="text-lg font-semibold">
          General
        </h2>
        <form onSubmit={onRename} className="mt-4 flex max-w-xl items-end gap-2" noValidate>
          <div className="flex-1">
            <label htmlFor="source-rename" className="block text-sm font-medium">
              Source name
            </label>
            <input
              id="source-rename"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                m.update.reset();
              }}
              disabled={!write}
              maxLength={100}
              className={inputClass}
            />
          </div>
          {write && (
            <button
              type="submit"
              disabled={m.update.isPending || name.trim() === s.name}
              className={buttonClass.primary}
            >
              Save
            </button>
          )}
        </form>
        {nameError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {nameError}
          </p>
        )}
        <div className="mt-6 flex items-center justify-between gap-4">
          <div>
            <p className="text-sm font-medium">Enable source</p>
            <p className="text-xs text-slate-600">A disabled source refuses new events (its write key answers 401).</p>
          </div>
          <Switch
            label="Enable source"
            checked={s.enabled}
            disabled={!write || m.update.isPending}
            onChange={(enabled) =>
              m.update.mutate({ enabled }, { onSuccess: (v) => notify(`Source ${v.enabled ? 'enabled' : 'disabled'}`) })
            }
          />
        </div>
      </section>

      <section aria-labelledby="controls-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="controls-heading" className="text-lg font-semibold">
          Privacy Controls
        </h2>
        <div className="mt-4 flex items-center justify-between gap-4">
          <div>
            <p className="text-sm font-medium">Block Red fields at source</p>
            <p className="text-xs text-slate-600">
              Fields classified Red are removed before events are stored, so no destination or debugger ever sees them.
              Only owners can change this.
            </p>
          </div>
          <Switch
            label="Block Red fields at source"
            checked={s.blockRed}
            disabled={!can('sources.blocking') || m.blocking.isPending}
            onChange={(v) =>
              m.blocking.mutate(v, {
                onSuccess: (r) =>
                  notify(r.blockRed ? 'Red fields are blocked at this source' : 'Red fields are no longer blocked'),
              })
            }
          />
        </div>
        {m.blocking.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {m.blocking.error.message}
          </p>
        )}
      </section>

      {write && (
        <section aria-labelledby="danger-heading" className="rounded-lg border border-red-200 bg-white p-6">
          <h2 id="danger-heading" className="text-lg font-semibold text-red-800">
            Delete source
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            Deletes the source, its write keys, stored events and its {s.destinations.length} connected destination(s).
            Audit log entries are kept.
          </p>
          <button type="button" onClick={() => setDeleting(true)} className={`${buttonClass.danger} mt-4`}>
            Delete source
          </button>
        </section>
      )}
      <TypedConfirmDialog
        open={deleting}
        title={`Delete ${s.name}?`}
        name={s.name}
        onClose={() => {
          setDeleting(false);
          m.remove.reset();
        }}
        onConfirm={(t) => void onDelete(t)}
        pending={m.remove.isPending}
        error={m.remove.error?.message}
      >
        <p>This cannot be undone. Events sent with its write key will be refused.</p>
        {s.destinations.length > 0 && (
          <p>These destinations are deleted with it: {s.destinations.map((d) => d.name).join(', ')}.</p>
        )}
      </TypedConfirmDialog>
    </div>
  );
}
