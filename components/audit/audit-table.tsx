'use client';
import type { AuditEventView } from '@/lib/schemas/audit';
import { formatInstant, type TimeMode } from './time-zone';

export function actorLabel(e: AuditEventView): string {
  if (e.actorType !== 'user')
    return e.actorType === 'api_key' ? 'API key' : e.actorType === 'system' ? 'System' : 'Anonymous';
  return e.actorName ?? e.actorEmail ?? e.actorUserId ?? 'Unknown user';
}

export function AuditTable({
  items,
  mode,
  zoneText,
  onOpen,
}: {
  items: AuditEventView[];
  mode: TimeMode;
  zoneText: string;
  onOpen: (e: AuditEventView, trigger: HTMLElement) => void;
}) {
  if (!items.length)
    return (
      <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
        No audit events match these filters.
      </p>
    );
  const th = 'px-3 py-2 font-medium';
  const td = 'px-3 py-2 align-top';
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className={th}>
              Time ({zoneText})
            </th>
            <th scope="col" className={th}>
              Event
            </th>
            <th scope="col" className={th}>
              Actor
            </th>
            <th scope="col" className={th}>
              End user
            </th>
            <th scope="col" className={th}>
              Target
            </th>
            <th scope="col" className={th}>
              IP
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} className="border-t border-slate-100 hover:bg-slate-50">
              <td className={`${td} whitespace-nowrap font-mono text-xs`}>
                <time dateTime={e.timestamp}>{formatInstant(e.timestamp, mode)}</time>
              </td>
              <td className={td}>
                <button
                  type="button"
                  className="text-left font-medium text-brand-700 hover:underline"
                  onClick={(ev) => onOpen(e, ev.currentTarget)}
                >
                  {e.eventName}
                  <span className="sr-only">, show details</span>
                </button>
              </td>
              <td className={td}>{actorLabel(e)}</td>
              <td className={`${td} font-mono text-xs`}>{e.endUserId ?? '—'}</td>
              <td className={td}>
                {e.targetType ? (
                  <>
                    <span>{e.targetType}</span>
                    {e.targetId && <span className="ml-1 font-mono text-xs text-slate-500">{e.targetId}</span>}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className={`${td} font-mono text-xs`}>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
