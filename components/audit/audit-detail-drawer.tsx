'use client';
import { useEffect, useId, useRef } from 'react';
import type { AuditEventView, AuditFilterParams } from '@/lib/schemas/audit';
import { buttonClass } from '@/components/ui/dialog';
import { actorLabel } from './audit-table';
import { formatInstant, type TimeMode } from './time-zone';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Side drawer with one event's full record. A modal dialog: labelled by its
 * title, focus moves in on open and Tab stays inside, Escape closes, and focus
 * returns to the row that opened it (the caller passes it back via onClose).
 */
export function AuditDetailDrawer({
  event,
  mode,
  zoneText,
  onClose,
  onFilter,
}: {
  event: AuditEventView | null;
  mode: TimeMode;
  zoneText: string;
  onClose: () => void;
  onFilter: (f: AuditFilterParams) => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!event) return;
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
        return;
      }
      if (e.key !== 'Tab' || !ref.current) return;
      const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [event, onClose]);
  if (!event) return null;

  const rows: [string, React.ReactNode][] = [
    [
      'Time',
      <time key="t" dateTime={event.timestamp}>
        {formatInstant(event.timestamp, mode)} ({zoneText})
        {mode === 'local' && <span className="block text-slate-500">{event.timestamp} (UTC)</span>}
      </time>,
    ],
    [
      'Event',
      <>
        {event.eventName} <code className="text-xs text-slate-500">{event.eventType}</code>
      </>,
    ],
    [
      'Actor',
      <>
        {actorLabel(event)}
        {event.actorEmail && event.actorName && <span className="block text-slate-500">{event.actorEmail}</span>}
      </>,
    ],
    ['Actor user ID', event.actorUserId],
    ['Actor type', event.actorType],
    ['End user ID', event.endUserId],
    ['Target', event.targetType ? `${event.targetType}${event.targetId ? ` ${event.targetId}` : ''}` : null],
    ['IP address', event.ip],
    ['User agent', event.userAgent],
    ['Request ID', event.requestId],
    ['Sequence', event.seq],
    ['Event ID', event.id],
  ];

  return (
    <div
      className="fixed inset-0 z-50 flex justify-end bg-slate-900/30"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        className="flex h-full w-full max-w-xl flex-col overflow-y-auto bg-white shadow-xl"
      >
        <div className="flex items-start justify-between gap-4 border-b border-slate-200 p-5">
          <div>
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {event.eventName}
            </h2>
            <p className="text-sm text-slate-500">Audit event details</p>
          </div>
          <button type="button" data-autofocus className={buttonClass.secondary} onClick={onClose}>
            Close
          </button>
        </div>
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 p-5 text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{k}</dt>
              <dd className="break-all">{v ?? <span className="text-slate-400">—</span>}</dd>
            </div>
          ))}
        </dl>
        <section aria-labelledby={`${id}-changes`} className="border-t border-slate-200 p-5">
          <h3 id={`${id}-changes`} className="text-sm font-semibold">
            Changes
          </h3>
          {event.changes == null ? (
            <p className="mt-1 text-sm text-slate-500">No field changes recorded.</p>
          ) : (
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-xs">
              {JSON.stringify(event.changes, null, 2)}
            </pre>
          )}
        </section>
        <section aria-labelledby={`${id}-chain`} className="border-t border-slate-200 p-5">
          <h3 id={`${id}-chain`} className="text-sm font-semibold">
            Hash chain
          </h3>
          <dl className="mt-2 space-y-1 font-mono text-xs break-all">
            <div>
              <dt className="inline text-slate-500">previous </dt>
              <dd className="inline">{event.prevHash}</dd>
            </div>
            <div>
              <dt className="inline text-slate-500">this row </dt>
              <dd className="inline">{event.hash}</dd>
            </div>
          </dl>
        </section>
        <div className="mt-auto flex flex-wrap gap-2 border-t border-slate-200 p-5">
          {event.actorUserId && (
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() => onFilter({ actorUserId: event.actorUserId ?? undefined })}
            >
              Show this actor’s events
            </button>
          )}
          {event.endUserId && (
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() => onFilter({ endUserId: event.endUserId ?? undefined })}
            >
              Show this end user’s events
            </button>
          )}
          {event.targetType && (
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={() =>
                onFilter({ targetType: event.targetType ?? undefined, targetId: event.targetId ?? undefined })
              }
            >
              Show this target’s events
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
