'use client';
import { useId, useState, type FormEvent } from 'react';
import { auditDisplayName } from '@/lib/audit-events';
import type { AuditEventTypeView, AuditFilterParams } from '@/lib/schemas/audit';
import { useAuditEventTypes } from '@/lib/queries/audit';
import { buttonClass } from '@/components/ui/dialog';
import { ActorCombobox, type ActorDraft } from './actor-combobox';
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

// Groups in the order of lib/audit-events.ts (sign-in first), "Other" last.
const GROUP_ORDER = [...new Set(Object.values(GROUPS))];
const groupRank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);

/**
 * The event types written in this log, grouped by area, each group sorted by
 * display name. A selected value the log does not offer (from a shared URL, or
 * several types at once) stays selectable, so the select always shows the filter.
 */
function eventGroups(written: AuditEventTypeView[], selected: string) {
  const list = [...written];
  if (selected && !list.some((e) => e.eventType === selected)) {
    list.push({ eventType: selected, eventName: selected.split(',').map(auditDisplayName).join(', ') });
  }
  const groups = new Map<string, AuditEventTypeView[]>();
  for (const e of list) {
    const g = GROUPS[e.eventType.split('.')[0] ?? ''] ?? 'Other';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  return [...groups.entries()]
    .sort((a, b) => groupRank(a[0]) - groupRank(b[0]))
    .map(([group, l]) => [group, l.sort((a, b) => a.eventName.localeCompare(b.eventName))] as const);
}

const field = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';
const label = 'block text-xs font-medium text-slate-600';

interface Draft {
  eventType: string;
  actor: ActorDraft;
  endUserId: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

function toDraft(f: AuditFilterParams, mode: TimeMode): Draft {
  return {
    eventType: f.eventType ?? '',
    actor: { userId: f.actorUserId ?? '', text: null },
    endUserId: f.endUserId ?? '',
    targetType: f.targetType ?? '',
    targetId: f.targetId ?? '',
    from: instantToInput(f.from, mode),
    to: instantToInput(f.to, mode),
  };
}

export function AuditFilterBar({
  workspaceId,
  eventTypesReady,
  value,
  mode,
  zone,
  onApply,
  onModeChange,
}: {
  workspaceId: string;
  /** False until the page's first read is answered (and so its "Audit Log Viewed" row written). */
  eventTypesReady: boolean;
  value: AuditFilterParams;
  mode: TimeMode;
  zone: string | null;
  onApply: (f: AuditFilterParams) => void;
  onModeChange: (m: TimeMode) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(value, mode));
  const [synced, setSynced] = useState({ value, mode });
  const [actorError, setActorError] = useState(false);
  const written = useAuditEventTypes(workspaceId, eventTypesReady);
  // Applied filters changed from outside (the URL, Back/Forward, "filter by this actor" in the drawer): show them.
  if (synced.value !== value || synced.mode !== mode) {
    setSynced({ value, mode });
    setDraft(toDraft(value, mode));
    setActorError(false);
  }
  const set = (k: Exclude<keyof Draft, 'actor'>) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    // Typed text that was never picked names nobody: say so rather than drop it silently.
    if (draft.actor.text?.trim() && !draft.actor.userId) {
      setActorError(true);
      document.getElementById(`${id}-actor`)?.focus();
      return;
    }
    const trimmed = (s: string) => s.trim() || undefined;
    onApply({
      eventType: trimmed(draft.eventType),
      actorUserId: trimmed(draft.actor.userId),
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
            {eventGroups(written.data?.items ?? [], draft.eventType).map(([group, list]) => (
              <optgroup key={group} label={group}>
                {list.map((e) => (
                  <option key={e.eventType} value={e.eventType}>
                    {e.eventName}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-actor`} className={label}>
            Actor
          </label>
          <ActorCombobox
            workspaceId={workspaceId}
            id={`${id}-actor`}
            value={draft.actor}
            onChange={(actor) => {
              setActorError(false);
              setDraft((d) => ({ ...d, actor }));
            }}
            className={field}
            invalid={actorError}
            describedBy={actorError ? `${id}-actor-error` : undefined}
          />
          {actorError && (
            <p id={`${id}-actor-error`} className="mt-1 text-xs text-red-700">
              Pick an actor from the suggestions, or clear the field.
            </p>
          )}
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
            setActorError(false);
            onApply({});
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}
