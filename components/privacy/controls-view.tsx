'use client';
import { useControlMutations, usePrivacyControls } from '@/lib/queries/privacy';
import { useWorkspace } from '@/components/shell/workspace-context';
import { SOURCE_TYPE_LABELS, type SourceTypeId } from '@/lib/schemas/sources';

export function ControlsView({ workspaceId }: { workspaceId: string }) {
  const { can } = useWorkspace();
  const { data, error, isLoading } = usePrivacyControls(workspaceId);
  const m = useControlMutations(workspaceId);
  if (isLoading) return <p>Loading Privacy Controls…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {(error as Error).message}
      </p>
    );
  const view = data!;
  const mutationError = m.quarantine.error ?? m.blocking.error;
  const canBlock = can('sources.blocking');

  return (
    <div className="space-y-8">
      {mutationError && (
        <p role="alert" className="text-sm text-red-700">
          {(mutationError as Error).message}
        </p>
      )}
      <section aria-labelledby="blocking-heading" className="space-y-2">
        <h2 id="blocking-heading" className="text-lg font-semibold">
          Block Red fields at source
        </h2>
        <p className="text-sm text-slate-600">
          Red fields are removed from events before they are stored: no destination, replay or debugger ever sees them.
          The rest of the event still flows. The Source Debugger shows where fields were blocked. Only Red data can be
          blocked.
        </p>
        {view.sources.length === 0 ? (
          <p className="text-sm text-slate-600">No sources yet.</p>
        ) : (
          <ul
            aria-label="Sources"
            className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
          >
            {view.sources.map((s) => (
              <li key={s.id} className="flex items-center justify-between px-4 py-3">
                <span>
                  <span className="font-medium">{s.name}</span>
                  <span className="ml-2 text-xs text-slate-500">
                    {SOURCE_TYPE_LABELS[s.type as SourceTypeId] ?? s.type}
                    {s.enabled ? '' : ' · disabled'}
                  </span>
                </span>
                <label className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={s.blockRed}
                    disabled={!canBlock || m.blocking.isPending}
                    onChange={(e) => m.blocking.mutate({ sourceId: s.id, blockRed: e.target.checked })}
                  />
                  Block Red fields<span className="sr-only"> for {s.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="quarantine-heading" className="space-y-2">
        <h2 id="quarantine-heading" className="text-lg font-semibold">
          Quarantine new fields
        </h2>
        <p className="text-sm text-slate-600">
          Hold every field nobody has classified yet as Yellow until an owner classifies it: it is masked for users
          without PII access and can be encrypted or hashed. Fields still appear in the Inbox. Safer than Segment&apos;s
          default; changes are forward-looking.
        </p>
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.quarantineNewFields}
            disabled={!can('privacy.classify') || m.quarantine.isPending}
            onChange={(e) => m.quarantine.mutate(e.target.checked)}
          />
          Hold new fields as Yellow until an owner classifies them
        </label>
      </section>
    </div>
  );
}
