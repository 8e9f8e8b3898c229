'use client';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useClassifyField, useInbox, useMarkInboxSeen } from '@/lib/queries/privacy';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { ColorBadge, ColorSelect, formatWhen } from './color';
import { FieldsBanner } from './new-fields-banner';
import { SampleToggle, useSampleReveal } from './sample-reveal';
import { COLOR_LABELS, type ColorId, type InboxFieldView } from '@/lib/schemas/privacy';

export function InboxView({ workspaceId }: { workspaceId: string }) {
  const { can } = useWorkspace();
  const router = useRouter();
  const { data, error, isLoading } = useInbox(workspaceId);
  const markSeen = useMarkInboxSeen(workspaceId);
  const classify = useClassifyField(workspaceId);
  const reveal = useSampleReveal(workspaceId);
  // What was new when the member arrived: the banner count and the "New" tags keep it
  // for the whole visit, although the Inbox is marked seen right away.
  const [arrival, setArrival] = useState<{ count: number; seenAt: string | null } | null>(null);
  // A failed classification stays here, beside the table; a done one is confirmed in the console's toast.
  const [failure, setFailure] = useState<string | null>(null);
  const { notify } = useToast();
  const marked = useRef(false);

  // Opening the Inbox resets this member's "new fields" count. The banner keeps the
  // count as it was on arrival; the layout is refreshed so the nav badge clears.
  useEffect(() => {
    if (!data || marked.current) return;
    marked.current = true;
    setArrival({ count: data.newCount, seenAt: data.previousSeenAt });
    markSeen.mutate(undefined, { onSuccess: () => router.refresh() });
  }, [data, markSeen, router]);

  if (isLoading) return <p>Loading the Inbox…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {(error as Error).message}
      </p>
    );
  const view = data!;
  const canClassify = can('privacy.classify');

  async function add(field: InboxFieldView, color: ColorId) {
    setFailure(null);
    try {
      await classify.mutateAsync({ fieldId: field.id, color });
      notify(`${field.keyPath} was added to the Inventory as ${COLOR_LABELS[color]}.`);
    } catch (e) {
      setFailure((e as Error).message);
    }
  }

  return (
    <section aria-labelledby="inbox-heading" className="space-y-4">
      {arrival?.count ? <FieldsBanner count={arrival.count} /> : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="inbox-heading" className="text-lg font-semibold">
            Inbox
          </h2>
          <p className="text-sm text-slate-600">
            Fields seen in the last {view.windowDays} days that nobody has classified yet. Suggestions come from
            matchers, which match exactly on normalised keys or by your regular expressions; there is no fuzzy matching.
          </p>
          {view.quarantine && (
            <p className="mt-1 text-sm font-medium text-amber-900">
              Quarantine is on: until an owner classifies them, these fields are treated as Yellow (masked,
              encryptable).
            </p>
          )}
        </div>
        <SampleToggle reveal={reveal} fieldIds={view.fields.map((f) => f.id)} />
      </div>
      {failure && (
        <p role="alert" className="text-sm text-red-700">
          {failure}
        </p>
      )}
      {view.fields.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          No unclassified fields in the last {view.windowDays} days.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Unclassified fields, newest first</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Key path
                </th>
                <th scope="col" className="px-3 py-2">
                  Seen in
                </th>
                <th scope="col" className="px-3 py-2">
                  Matcher
                </th>
                <th scope="col" className="px-3 py-2">
                  First / last seen
                </th>
                <th scope="col" className="px-3 py-2">
                  Sample
                </th>
                <th scope="col" className="px-3 py-2">
                  Classification
                </th>
              </tr>
            </thead>
            <tbody>
              {view.fields.map((f) => (
                <InboxRow
                  key={f.id}
                  field={f}
                  isNew={arrival ? arrival.seenAt === null || f.firstSeenAt > arrival.seenAt : f.isNew}
                  canClassify={canClassify}
                  busy={classify.isPending}
                  sample={reveal.values.get(f.id)}
                  onAdd={(c) => void add(f, c)}
                />
              ))}
            </tbody>
          </table>
          {view.total > view.fields.length && (
            <p className="mt-2 text-sm text-slate-600">
              Showing the {view.fields.length} newest of {view.total} fields. Classify these to see the rest.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function InboxRow({
  field,
  isNew,
  canClassify,
  busy,
  sample,
  onAdd,
}: {
  field: InboxFieldView;
  isNew: boolean;
  canClassify: boolean;
  busy: boolean;
  sample: string | null | undefined;
  onAdd: (c: ColorId) => void;
}) {
  const [color, setColor] = useState<ColorId>(field.suggestedColor ?? 'yellow');
  return (
    <tr className="border-t border-slate-100 align-top">
      <th scope="row" className="px-3 py-2 text-left font-normal">
        <code className="font-mono text-slate-900">{field.keyPath}</code>
        {isNew && <span className="ml-2 rounded bg-amber-700 px-1.5 text-xs font-semibold text-white">New</span>}
        <div className="text-xs text-slate-500">
          {field.count.toLocaleString()} event{field.count === 1 ? '' : 's'}
        </div>
      </th>
      <td className="px-3 py-2">
        <div>{field.events.join(', ')}</div>
        <div className="text-xs text-slate-500">{field.sources.map((s) => s.name).join(', ')}</div>
      </td>
      <td className="px-3 py-2">
        {field.matcherName ? (
          <>
            <div>{field.matcherName}</div>
            <div className="text-xs text-slate-500">
              {field.matcherMatchOn === 'value' ? 'Matches on value' : 'Matches on key'} · suggests{' '}
              <ColorBadge color={field.suggestedColor} />
            </div>
          </>
        ) : (
          <span className="text-slate-500">No matcher</span>
        )}
      </td>
      <td className="px-3 py-2 text-xs text-slate-600">
        <div>{formatWhen(field.firstSeenAt)}</div>
        <div>{formatWhen(field.lastSeenAt)}</div>
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        {sample !== undefined ? (
          <span data-testid="sample-value">{sample ?? '(no sample)'}</span>
        ) : (
          (field.maskedSample ?? <span className="text-slate-500">(no sample)</span>)
        )}
      </td>
      <td className="px-3 py-2">
        {canClassify ? (
          <div className="flex flex-wrap items-center gap-2">
            <ColorSelect
              id={`classify-${field.id}`}
              label={`Classification for ${field.keyPath}`}
              value={color}
              onChange={setColor}
            />
            <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => onAdd(color)}>
              Add to Inventory<span className="sr-only"> {field.keyPath}</span>
            </button>
          </div>
        ) : (
          <span className="text-xs text-slate-600">
            Suggested: <ColorBadge color={field.suggestedColor} />
          </span>
        )}
      </td>
    </tr>
  );
}
