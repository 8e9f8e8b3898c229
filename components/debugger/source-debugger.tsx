'use client';
import { useMemo, useState } from 'react';
import { useDebuggerEvents } from '@/lib/queries/debugger';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { EventView } from './event-view';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** Segment's Source Debugger: the latest 500 events, live or paused, with Pretty and Raw views. */
export function SourceDebugger({
  workspaceId,
  sourceId,
  canUnmask,
}: {
  workspaceId: string;
  sourceId: string;
  canUnmask: boolean;
}) {
  const [live, setLive] = useState(true);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useDebuggerEvents(workspaceId, sourceId, live);
  const events = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = list.data ?? [];
    return q
      ? all.filter(
          (e) =>
            e.type.includes(q) ||
            (e.eventName ?? '').toLowerCase().includes(q) ||
            e.messageId.toLowerCase().includes(q),
        )
      : all;
  }, [list.data, query]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <button
          type="button"
          aria-pressed={live}
          onClick={() => setLive((v) => !v)}
          className={live ? buttonClass.primary : buttonClass.secondary}
        >
          {live ? 'Live' : 'Paused'}
        </button>
        <label className="text-sm">
          <span className="text-slate-700">Search events</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Event name, type or message id"
            className={`${inputClass} w-72`}
          />
        </label>
        <p className="text-sm text-slate-600" aria-live="polite">
          {list.isPending
            ? 'Loading events…'
            : `${events.length} of the latest ${list.data?.length ?? 0} events${live ? ', updating every 2 seconds' : ', paused'}.`}
        </p>
      </div>
      {!canUnmask && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Red and Yellow values and end-user identifiers are masked. An owner can grant you PII access.
        </p>
      )}
      {list.isError && (
        <p role="alert" className="text-sm text-red-700">
          The events could not be loaded. {list.error.message}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Latest events</caption>
            <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Received
                </th>
                <th scope="col" className="px-3 py-2">
                  Type
                </th>
                <th scope="col" className="px-3 py-2">
                  Event
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className={`border-t border-slate-100 ${selected === e.id ? 'bg-brand-50' : ''}`}>
                  <td className="px-3 py-1.5 whitespace-nowrap text-slate-600">{time(e.receivedAt)}</td>
                  <td className="px-3 py-1.5">{e.type}</td>
                  <td className="px-3 py-1.5">
                    <button
                      type="button"
                      onClick={() => setSelected(e.id)}
                      aria-current={selected === e.id ? 'true' : undefined}
                      className="text-left text-brand-700 hover:underline"
                    >
                      {e.eventName ?? `(${e.type})`}
                    </button>
                    {e.blockedCount > 0 && (
                      <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">
                        {e.blockedCount} blocked
                      </span>
                    )}
                  </td>
                </tr>
              ))}
              {list.isSuccess && events.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-3 py-6 text-center text-slate-500">
                    {query
                      ? 'No event matches the search.'
                      : 'No events yet. Send one with this source\u2019s write key.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div>
          {selected ? (
            <EventView key={selected} workspaceId={workspaceId} sourceId={sourceId} eventId={selected} />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600">
              Select an event to see it.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
