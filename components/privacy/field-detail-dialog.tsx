'use client';
import { useState } from 'react';
import { useClassifyField, useFieldDetail } from '@/lib/queries/privacy';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { ColorBadge, ColorSelect, formatWhen } from './color';
import { SampleToggle, useSampleReveal } from './sample-reveal';
import type { ColorId, Treatment } from '@/lib/schemas/privacy';

const TREATMENT: Record<Treatment, string> = {
  clear: 'Sent in clear',
  encrypted: 'Encrypted',
  hashed: 'Hashed',
  dropped: 'Blocked at source (never stored)',
};

export function FieldDetailDialog({
  workspaceId,
  fieldId,
  onClose,
}: {
  workspaceId: string;
  fieldId: string | null;
  onClose: () => void;
}) {
  const { can } = useWorkspace();
  const { data, error, isLoading } = useFieldDetail(workspaceId, fieldId);
  const classify = useClassifyField(workspaceId);
  const reveal = useSampleReveal(workspaceId);
  const [color, setColor] = useState<ColorId>('yellow');
  // A failed save stays in the dialog; a done one is confirmed in the console's toast.
  const [failure, setFailure] = useState<string | null>(null);
  const { notify } = useToast();
  const { hide } = reveal;

  // The picker starts from the field's classification (or suggestion) each time its details load.
  const [loaded, setLoaded] = useState(data);
  if (data !== loaded) {
    setLoaded(data);
    if (data) setColor(data.field.classification ?? data.field.suggestedColor ?? 'yellow');
  }
  // A revealed value never outlives the dialog it was revealed in (reset when another field opens).
  const [openFor, setOpenFor] = useState(fieldId);
  if (openFor !== fieldId) {
    setOpenFor(fieldId);
    setFailure(null);
    hide();
  }

  const title = data?.field.keyPath ?? 'Field details';
  async function save() {
    if (!fieldId) return;
    setFailure(null);
    try {
      await classify.mutateAsync({ fieldId, color });
      notify('Classification saved. It applies to events processed from now on.');
    } catch (e) {
      setFailure((e as Error).message);
    }
  }

  return (
    <Dialog open={fieldId !== null} title={title} onClose={onClose}>
      {isLoading ? (
        <p>Loading…</p>
      ) : error ? (
        <p role="alert" className="text-red-700">
          {(error as Error).message}
        </p>
      ) : data ? (
        <div className="space-y-4 text-sm">
          <dl className="grid grid-cols-2 gap-2">
            <dt className="text-slate-600">Classification</dt>
            <dd>
              <ColorBadge color={data.field.classification} />
            </dd>
            <dt className="text-slate-600">Treated as</dt>
            <dd>
              <ColorBadge color={data.effectiveColor} suffix={data.quarantined ? '(quarantine)' : undefined} />
            </dd>
            <dt className="text-slate-600">Matcher</dt>
            <dd>
              {data.field.matcherName ?? 'None'}
              {data.field.suggestedColor ? (
                <>
                  {' '}
                  · suggests <ColorBadge color={data.field.suggestedColor} />
                </>
              ) : null}
            </dd>
            <dt className="text-slate-600">Normalised key</dt>
            <dd className="font-mono">{data.field.normalizedKey}</dd>
            <dt className="text-slate-600">First / last seen</dt>
            <dd>
              {formatWhen(data.field.firstSeenAt)} / {formatWhen(data.field.lastSeenAt)}
            </dd>
            <dt className="text-slate-600">Sample</dt>
            <dd className="font-mono">
              {reveal.values.has(data.field.id) ? (
                <span data-testid="sample-value">{reveal.values.get(data.field.id) ?? '(no sample)'}</span>
              ) : (
                (data.field.maskedSample ?? '(no sample)')
              )}
            </dd>
          </dl>
          <SampleToggle reveal={reveal} fieldIds={[data.field.id]} label="sample value" />
          {can('privacy.classify') && (
            <div className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-3">
              <ColorSelect
                id="detail-color"
                label="Classification"
                srOnlyLabel={false}
                value={color}
                onChange={setColor}
              />
              <button
                type="button"
                className={buttonClass.primary}
                disabled={classify.isPending || color === data.field.classification}
                onClick={() => void save()}
              >
                {data.field.classification ? 'Reclassify' : 'Add to Inventory'}
              </button>
            </div>
          )}
          {failure && (
            <p role="alert" className="text-red-700">
              {failure}
            </p>
          )}
          <DetailTable
            caption="Count per source"
            head={['Source', 'Events', 'Last seen']}
            rows={data.perSource.map((s) => [
              s.name + (s.blockRed ? ' (blocks Red)' : ''),
              s.count.toLocaleString(),
              formatWhen(s.lastSeenAt),
            ])}
          />
          <DetailTable
            caption="Events"
            head={['Event', 'Count', 'Sources']}
            rows={data.events.map((e) => [
              e.eventName,
              e.count.toLocaleString(),
              e.sources.map((s) => s.name).join(', '),
            ])}
          />
          <DetailTable
            caption="Connected destinations"
            empty="No destination is connected to a source that sends this field."
            head={['Destination', 'Source', 'Receives the field']}
            rows={data.destinations.map((d) => [
              d.name + (d.enabled ? '' : ' (disabled)'),
              d.source.name,
              TREATMENT[d.treatment],
            ])}
          />
          <div className="flex justify-end">
            <button type="button" className={buttonClass.secondary} onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}

function DetailTable({
  caption,
  head,
  rows,
  empty,
}: {
  caption: string;
  head: string[];
  rows: string[][];
  empty?: string;
}) {
  return (
    <div>
      <h3 className="mb-1 font-semibold">{caption}</h3>
      {rows.length === 0 ? (
        <p className="text-slate-600">{empty ?? 'None.'}</p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">{caption}</caption>
          <thead className="text-slate-600">
            <tr>
              {head.map((h) => (
                <th key={h} scope="col" className="py-1 pr-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-100">
                {r.map((c, j) => (
                  <td key={j} className="py-1 pr-2">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
