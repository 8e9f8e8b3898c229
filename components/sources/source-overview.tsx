'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useSource, useSourceMutations, type SourceView } from '@/lib/queries/sources';
import { GRACE_PERIODS, GRACE_PERIOD_LABELS, SOURCE_TYPE_LABELS, type GracePeriod } from '@/lib/schemas/sources';
import { maskedWriteKey } from '@/lib/sources/write-key-display';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { WriteKeyDialog } from './write-key-dialog';

const when = (iso: string) => new Date(iso).toLocaleString();

export function SourceOverview({ workspaceId, initial }: { workspaceId: string; initial: SourceView }) {
  const { can } = useWorkspace();
  const { data: s } = useSource(workspaceId, initial.id, initial);
  const { rotate } = useSourceMutations(workspaceId, initial.id);
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState<GracePeriod>('24h');

  async function onRotate() {
    const ok = await rotate.mutateAsync(grace).then(
      () => true,
      () => false,
    );
    if (ok) setOpen(false);
  }
  function done() {
    rotate.reset();
  }

  const result = rotate.data;
  const note =
    result &&
    (grace === 'none'
      ? 'The previous key stopped working now.'
      : `The previous key keeps working until ${when(result.previousKeyExpiresAt)}.`);
  return (
    <div className="space-y-6">
      <section aria-labelledby="wk-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="wk-heading" className="text-lg font-semibold">
          Write key
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Send it as the HTTP Basic user name (<code>writeKey:</code>) or as <code>writeKey</code> in the body. Only its
          first characters are kept for display.
        </p>
        <dl className="mt-4 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-600">Current key</dt>
          <dd className="font-mono" data-testid="write-key-prefix">
            {s.writeKey ? maskedWriteKey(s.writeKey.prefix) : 'None (rotate to issue one)'}
          </dd>
          {s.writeKey && (
            <>
              <dt className="text-slate-600">Created</dt>
              <dd>{when(s.writeKey.createdAt)}</dd>
            </>
          )}
        </dl>
        {s.previousKeys.length > 0 && (
          <ul aria-label="Previous keys in their grace period" className="mt-3 space-y-1 text-sm text-slate-700">
            {s.previousKeys.map((k) => (
              <li key={k.prefix + k.createdAt}>
                <span className="font-mono">{maskedWriteKey(k.prefix)}</span> still accepted until {when(k.expiresAt!)}
              </li>
            ))}
          </ul>
        )}
        {can('sources.write') && (
          <button type="button" onClick={() => setOpen(true)} className={`${buttonClass.secondary} mt-4`}>
            Rotate write key
          </button>
        )}
      </section>

      <section aria-labelledby="about-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="about-heading" className="text-lg font-semibold">
          About this source
        </h2>
        <dl className="mt-4 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-600">Type</dt>
          <dd>{SOURCE_TYPE_LABELS[s.type]}</dd>
          <dt className="text-slate-600">Status</dt>
          <dd>{s.enabled ? 'Enabled' : 'Disabled (events are refused)'}</dd>
          <dt className="text-slate-600">Red fields</dt>
          <dd>{s.blockRed ? 'Blocked at source' : 'Not blocked'}</dd>
          <dt className="text-slate-600">Source ID</dt>
          <dd className="font-mono">{s.id}</dd>
          <dt className="text-slate-600">Destinations</dt>
          <dd>
            {s.destinations.length === 0
              ? 'None yet'
              : s.destinations.map((d, i) => (
                  <span key={d.id}>
                    {i > 0 && ', '}
                    <Link
                      prefetch={false}
                      href={`/w/${workspaceId}/destinations/${d.id}/settings`}
                      className="text-brand-700 hover:underline"
                    >
                      {d.name}
                    </Link>
                  </span>
                ))}
          </dd>
        </dl>
      </section>

      {/* Closed in the same render that opens the new key's dialog, so focus goes back to "Rotate write key". */}
      <Dialog open={open && !result} title="Rotate write key" onClose={() => setOpen(false)}>
        <div className="space-y-4 text-sm">
          <p>
            A new key is issued and shown once. Keep the old key working for a while so that deploys can switch without
            losing events.
          </p>
          <fieldset>
            <legend className="font-medium">Grace period for the current key</legend>
            <div className="mt-1 space-y-1">
              {(Object.keys(GRACE_PERIODS) as GracePeriod[]).map((g) => (
                <label key={g} className="flex items-center gap-2">
                  <input type="radio" name="grace" value={g} checked={grace === g} onChange={() => setGrace(g)} />
                  {GRACE_PERIOD_LABELS[g]}
                </label>
              ))}
            </div>
          </fieldset>
          {rotate.error && (
            <p role="alert" className="text-red-700">
              {rotate.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setOpen(false)} className={buttonClass.secondary}>
              Cancel
            </button>
            <button
              type="button"
              onClick={() => void onRotate()}
              disabled={rotate.isPending}
              className={buttonClass.primary}
            >
              Rotate write key
            </button>
          </div>
        </div>
      </Dialog>
      <WriteKeyDialog writeKey={result?.writeKey ?? null} sourceName={s.name} note={note ?? undefined} onClose={done} />
    </div>
  );
}
