'use client';
import { useId, useState, type FormEvent } from 'react';
import { AUDIT_EVENTS, type AuditEventType } from '@/lib/audit-events';
import type { AuditFilterParams } from '@/lib/schemas/audit';
import { buttonClass } from '@/components/ui/dialog';
import { inputToInstant, instantToInput, zoneLabel, type TimeMode } from './time-zone';

const GROUPS: Record<string, string> = {
  auth: 'Sign-in and sessions',
  member: 'Members',
  workspace: 'Workspace',
  source: 'Sources',
  source_debugger: 'Sources',
  destination: 'Destinations',
  privacy: 'Privacy Portal',
  audit: 'Audit log',
};

// Event types grouped by area, each group sorted by display name.
const EVENT_GROUPS = Object.entries(
  (Object.entries(AUDIT_EVENTS) as [AuditEventType, string][]).reduce<Record<string, [AuditEventType, string][]>>(
    (acc, e) => {
      const g = GROUPS[e[0].split('.')[0] ?? ''] ?? 'Other';
      (acc[g] ??= []).push(e);
      return acc;
    },
    {},
  ),
).map(([group, list]) => [group, list.sort((a, b) => a[1].localeCompare(b[1]))] as const);

const field = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';
const label = 'block text-xs font-medium text-slate-600';

interface Draft {
  eventType: string;
  actorUserId: string;
  endUserId: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

function toDraft(f: AuditFilterParams, mode: TimeMode): Draft {
  return {
    eventType: f.eventType ?? '',
    actorUserId: f.actorUserId ?? '',
    endUserId: f.endUserId ?? '',
    targetType: f.targetType ?? '',
    targetId: f.targetId ?? '',
    from: instantToInput(f.from, mode),
    to: instantToInput(f.to, mode),
  };
}

export function AuditFilterBar({
  value,
  mode,
  zone,
  onApply,
  onModeChange,
}: {
  value: AuditFilterParams;
  mode: TimeMode;
  zone: string | null;
  onApply: (f: AuditFilterParams) => void;
  onModeChange: (m: TimeMode) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(value, mode));
  const [synced, setSynced] = useState({ value, mode });
  // Applied filters changed from outside (e.g. "filter by this actor" in the drawer): show them.
  if (synced.value !== value || synced.mode !== mode) {
    setSynced({ value, mode });
    setDraft(toDraft(value, mode));
  }
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = (s: string) => s.trim() || undefined;
    onApply({
      eventType: trimmed(draft.eventType),
      actorUserId: trimmed(draft.actorUserId),
      endUserId: trimmed(draft.endUserId),
      targetType: trimmed(draft.targetType),
      targetId: trimmed(draft.targetId),
      from: inputToInstant(draft.from, mode),
      to: inputToInstant(draft.to, mode),
    });
  }

  // Switching zones keeps the same instants: re-express the typed times in the new zone.
  function switchMode(next: TimeMode) {
    setDraft((d) => ({
      ...d,
      from: instantToInput(inputToInstant(d.from, mode), next),
      to: instantToInput(inputToInstant(d.to, mode), next),
    }));
    onModeChange(next);
  }

  const zoneText = zoneLabel(mode, zone ?? 'your time zone');
  return (
    <form
      onSubmit={submit}
      aria-label="Filter the audit log"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor={`${id}-event`} className={label}>
            Event type
          </label>
          <select id={`${id}-event`} value={draft.eventType} onChange={set('eventType')} className={field}>
            <option value="">All event types</option>
            {EVENT_GROUPS.map(([group, list]) => (
              <optgroup key={group} label={group}>
                {list.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-actor`} className={label}>
            Actor (user ID)
          </label>
          <input
            id={`${id}-actor`}
            value={draft.actorUserId}
            onChange={set('actorUserId')}
            className={field}
            spellCheck={false}
            autoComplete="off"
            placeholder="UUID"
          />
        </div>
        <div>
          <label htmlFor={`${id}-end-user`} className={label}>
            End user ID
          </label>
          <input
            id={`${id}-end-user`}
            value={draft.endUserId}
            onChange={set('endUserId')}
            className={field}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="grid grid-cols-2 gap-2">
          <div>
            <label htmlFor={`${id}-target-type`} className={label}>
              Target type
            </label>
            <input
              id={`${id}-target-type`}
              value={draft.targetType}
              onChange={set('targetType')}
              className={field}
              spellCheck={false}
              autoComplete="off"
              placeholder="e.g. destination"
            />
          </div>
          <div>
            <label htmlFor={`${id}-target-id`} className={label}>
              Target ID
            </label>
            <input
              id={`${id}-target-id`}
              value={draft.targetId}
              onChange={set('targetId')}
              className={field}
              spellCheck={false}
              autoComplete="off"
            />
          </div>
        </div>
        <div>
          <label htmlFor={`${id}-from`} className={label}>
            From ({zoneText}, inclusive)
          </label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            value={draft.from}
            onChange={set('from')}
            className={field}
            aria-describedby={`${id}-zone`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className={label}>
            To ({zoneText}, exclusive)
          </label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            value={draft.to}
            onChange={set('to')}
            className={field}
            aria-describedby={`${id}-zone`}
          />
        </div>
        <fieldset className="sm:col-span-2">
          <legend className={label}>Show times in</legend>
          <div className="mt-2 flex gap-4 text-sm">
            <label className="inline-flex items-center gap-2">
              <input type="radio" name={`${id}-mode`} checked={mode === 'utc'} onChange={() => switchMode('utc')} /> UTC
            </label>
            <label className="inline-flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === 'local'}
                onChange={() => switchMode('local')}
                disabled={!zone}
              />
              {zone ? `My time zone (${zone})` : 'My time zone'}
            </label>
          </div>
          <p id={`${id}-zone`} className="mt-1 text-xs text-slate-500">
            Times are stored in UTC; filters are read in {zoneText}.
          </p>
        </fieldset>
      </div>
      <div className="mt-4 flex gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        <button
          type="button"
          className={buttonClass.secondary}
          onClick={() => {
            setDraft(toDraft({}, mode));
            onApply({});
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
