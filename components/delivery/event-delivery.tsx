'use client';
import { useState } from 'react';
import { useDeliveryDetails, useDeliveryOverview, type DeliveryOverview } from '@/lib/queries/delivery';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';
import { DeliveryChart, OUTCOME_STYLE } from './delivery-chart';
import { useReplayFlow } from './replay-flow';

const when = (iso: string) => new Date(iso).toLocaleString();
const QUEUE_LABELS = {
  pending: 'Pending',
  delivering: 'Delivering',
  retrying: 'Retrying',
  failed: 'Failed',
  dead: 'Dead-lettered',
  held: 'Held (endpoint changed)',
} as const;
const REPLAYABLE = new Set(['dead', 'failed', 'held']);

function outcomeLabel(o: string): string {
  if (o === 'held') return QUEUE_LABELS.held;
  return (OUTCOME_STYLE as Record<string, { label: string }>)[o]?.label ?? o;
}

function Details({
  workspaceId,
  destinationId,
  deliveryId,
  onClose,
  onReplay,
}: {
  workspaceId: string;
  destinationId: string;
  deliveryId: string;
  onClose: () => void;
  /** Closes the details and replays this delivery through the tab's replay flow (its confirmations are dialogs too). */
  onReplay: (deliveryId: string) => void;
}) {
  const { can } = useWorkspace();
  const q = useDeliveryDetails(workspaceId, destinationId, deliveryId);
  const d = q.data;
  return (
    <Dialog open title="Delivery details" onClose={onClose}>
      <div className="space-y-3 text-sm">
        <p className="text-xs text-slate-600">
          Viewing a payload is recorded in the audit log (Event Delivery Details Viewed).
        </p>
        {q.isPending && <p>Loading…</p>}
        {q.isError && (
          <p role="alert" className="text-red-700">
            {q.error.message}
          </p>
        )}
        {d && (
          <>
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
              <dt className="text-slate-600">Status</dt>
              <dd>
                {outcomeLabel(d.status)}
                {d.lastStatus ? ` (HTTP ${d.lastStatus})` : ''}
              </dd>
              <dt className="text-slate-600">Attempts</dt>
              <dd>{d.attempts}</dd>
              <dt className="text-slate-600">Queued</dt>
              <dd>{when(d.createdAt)}</dd>
              {d.replayedAt && (
                <>
                  <dt className="text-slate-600">Replayed</dt>
                  <dd>{when(d.replayedAt)}</dd>
                </>
              )}
              {d.deliveredAt && (
                <>
                  <dt className="text-slate-600">Delivered</dt>
                  <dd>{when(d.deliveredAt)}</dd>
                </>
              )}
              {d.lastError && (
                <>
                  <dt className="text-slate-600">Last error</dt>
                  <dd>{d.lastError}</dd>
                </>
              )}
              {d.event && (
                <>
                  <dt className="text-slate-600">Event</dt>
                  <dd>
                    {d.event.eventName ?? d.event.type} · <span className="font-mono text-xs">{d.event.messageId}</span>
                  </dd>
                </>
              )}
              {d.event && d.event.blockedPaths.length > 0 && (
                <>
                  <dt className="text-slate-600">Blocked at source</dt>
                  <dd className="font-mono text-xs">{d.event.blockedPaths.join(', ')}</dd>
                </>
              )}
            </dl>
            <h3 className="font-medium">
              Payload sent (after consent and protection){d.masked ? ', sensitive values masked' : ''}
            </h3>
            {d.payload !== null ? (
              // Focusable, so that keyboard users can scroll a long payload.
              <pre
                tabIndex={0}
                aria-label="Delivery payload"
                className="max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs"
              >
                {JSON.stringify(d.payload, null, 2)}
              </pre>
            ) : (
              <p className="rounded bg-slate-50 p-2 text-slate-700">
                {d.payloadRetained
                  ? 'Nothing was sent.'
                  : 'Not kept: to keep fewer copies of PHI, payloads are stored only for deliveries that did not succeed (an administrator can set DELIVERY_STORE_PAYLOAD=all).'}
              </p>
            )}
            {REPLAYABLE.has(d.status) && can('destinations.write') && (
              <button type="button" className={buttonClass.primary} onClick={() => onReplay(d.id)}>
                Replay this delivery
              </button>
            )}
          </>
        )}
        <div className="flex justify-end">
          <button type="button" className={buttonClass.secondary} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}

export function EventDelivery({
  workspaceId,
  destinationId,
  initial,
}: {
  workspaceId: string;
  destinationId: string;
  initial: DeliveryOverview;
}) {
  const { can } = useWorkspace();
  const q = useDeliveryOverview(workspaceId, destinationId, initial);
  const flow = useReplayFlow(workspaceId, destinationId);
  const replay = flow.replay;
  const [confirm, setConfirm] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  if (q.isPending) return <p className="text-sm text-slate-600">Loading delivery data…</p>;
  if (q.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        {q.error.message}
      </p>
    );
  const o = q.data;
  const replayable = o.queue.failed + o.queue.dead + o.queue.held;
  return (
    <div className="space-y-6">
      {!o.supported && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This destination type has no event sender in this installation, so no events are queued for it.
        </p>
      )}
      <section aria-labelledby="queue-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="queue-heading" className="text-lg font-semibold">
            Event Delivery
          </h2>
          {can('destinations.write') && replayable > 0 && (
            <button type="button" className={buttonClass.primary} onClick={() => setConfirm(true)}>
              Replay {replayable.toLocaleString()} failed
              {o.queue.held > 0 ? ', dead-lettered and held' : ' and dead-lettered'}
            </button>
          )}
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {(Object.keys(QUEUE_LABELS) as (keyof typeof QUEUE_LABELS)[]).map((k) => (
            <div key={k} className="rounded-md border border-slate-200 p-3">
              <dt className="text-xs text-slate-600">{QUEUE_LABELS[k]}</dt>
              <dd className="mt-1 text-2xl font-semibold">{o.queue[k].toLocaleString()}</dd>
            </div>
          ))}
        </dl>
        {replay.isSuccess && (
          <p role="status" className="mt-3 text-sm text-green-800">
            {replay.data.replayed.toLocaleString()} {replay.data.replayed === 1 ? 'delivery' : 'deliveries'} queued
            again.
          </p>
        )}
        {replay.isError && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {replay.error.message}
          </p>
        )}
      </section>

      <section aria-labelledby="chart-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="chart-heading" className="mb-3 text-lg font-semibold">
          Last 24 hours
        </h2>
        <DeliveryChart hours={o.hours} />
      </section>

      <section aria-labelledby="attempts-heading" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="attempts-heading" className="p-6 pb-3 text-lg font-semibold">
          Latest attempts
        </h2>
        <table className="w-full text-sm">
          <caption className="sr-only">Latest delivery attempts</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {['Time', 'Event', 'Outcome', 'HTTP', 'Duration', 'Error', ''].map((h, i) => (
                <th key={i} scope="col" className="px-4 py-2">
                  {h || <span className="sr-only">Details</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.attempts.map((a) => (
              <tr key={a.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-4 py-2">{when(a.startedAt)}</td>
                <td className="px-4 py-2">{a.eventName ?? a.eventType ?? '—'}</td>
                <td className="px-4 py-2">{outcomeLabel(a.outcome)}</td>
                <td className="px-4 py-2">{a.statusCode ?? '—'}</td>
                <td className="px-4 py-2">{a.durationMs} ms</td>
                <td className="max-w-xs truncate px-4 py-2" title={a.error ?? undefined}>
                  {a.error ?? ''}
                </td>
                <td className="px-4 py-2">
                  <button
                    type="button"
                    className="text-brand-700 hover:underline"
                    onClick={() => setOpen(a.deliveryId)}
                  >
                    Details<span className="sr-only"> of attempt at {when(a.startedAt)}</span>
                  </button>
                </td>
              </tr>
            ))}
            {o.attempts.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No delivery attempts yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>

      <Dialog
        open={confirm}
        role="alertdialog"
        title="Replay failed and dead-lettered events?"
        onClose={() => setConfirm(false)}
      >
        <p className="text-sm">
          {replayable.toLocaleString()} deliveries go back to the queue and are sent again with this destination&apos;s
          current consent, encryption and hashing settings. Fields blocked at source were never stored and cannot be
          replayed. Deliveries queued before an endpoint change need an owner&apos;s confirmation first.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonClass.secondary} onClick={() => setConfirm(false)}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass.primary}
            onClick={() => {
              setConfirm(false);
              void flow.start();
            }}
          >
            Replay
          </button>
        </div>
      </Dialog>
      {open && (
        <Details
          workspaceId={workspaceId}
          destinationId={destinationId}
          deliveryId={open}
          onClose={() => setOpen(null)}
          onReplay={(id) => {
            setOpen(null);
            void flow.start([id]);
          }}
        />
      )}
      {flow.dialogs}
    </div>
  );
}
