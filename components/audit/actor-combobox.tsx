'use client';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { auditKeys, useAuditActor, useAuditActors } from '@/lib/queries/audit';
import type { AuditActorView } from '@/lib/schemas/audit';

/** What the Actor field holds: the picked user id, and the text while someone is typing (null: show the pick). */
export interface ActorDraft {
  userId: string;
  text: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEBOUNCE_MS = 150;

const labelOf = (a: AuditActorView) => `${a.name} (${a.email})`;

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * The Actor filter: type part of a name or email, pick a member (or a former member
 * still in the log) from the suggestions. WAI-ARIA combobox with a listbox popup:
 * Down/Up move through the suggestions (Down also opens them), Enter picks, Escape
 * closes them (and, when closed, clears the field). A pasted user id is taken as is.
 */
export function ActorCombobox({
  workspaceId,
  id,
  value,
  onChange,
  className,
  describedBy,
  invalid,
}: {
  workspaceId: string;
  id: string;
  value: ActorDraft;
  onChange: (v: ActorDraft) => void;
  className: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const qc = useQueryClient();
  const typing = value.text !== null;
  const lookup = useAuditActor(workspaceId, !typing && value.userId ? value.userId : null);
  const person = lookup.data ?? null;
  const shown = typing ? (value.text ?? '') : value.userId ? (person ? labelOf(person) : value.userId) : '';

  const q = useDebounced(typing ? (value.text ?? '').trim() : '', DEBOUNCE_MS);
  const searching = open && typing && q.length > 0 && !UUID.test(q);
  const suggestions = useAuditActors(workspaceId, searching ? q : null);
  const items = searching ? (suggestions.data?.items ?? []) : [];
  const expanded = items.length > 0;
  const noMatch = searching && suggestions.isFetched && !suggestions.isPlaceholderData && !items.length;
  const current = expanded && active >= 0 && active < items.length ? active : -1;
  const optionId = (i: number) => `${listId}-option-${i}`;

  function type(text: string) {
    const t = text.trim();
    onChange({ userId: UUID.test(t) ? t : '', text });
    setOpen(true);
    setActive(-1);
  }

  function choose(a: AuditActorView) {
    // The pick is its own lookup: its label shows at once, and again after Back/Forward.
    qc.setQueryData(auditKeys.actor(workspaceId, a.userId), a);
    onChange({ userId: a.userId, text: null });
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (!items.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i < 0 ? (step > 0 ? 0 : items.length - 1) : (i + step + items.length) % items.length));
    } else if (e.key === 'Enter') {
      // Enter on a highlighted suggestion picks it; otherwise it submits the form as usual.
      const a = current >= 0 ? items[current] : undefined;
      if (a) {
        e.preventDefault();
        choose(a);
      }
    } else if (e.key === 'Escape') {
      if (expanded || noMatch) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (shown) {
        e.preventDefault();
        onChange({ userId: '', text: null });
      }
    }
  }

  return (
    <div className="relative">
      <input
        id={id}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        value={shown}
        onChange={(e) => type(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        className={className}
        spellCheck={false}
        autoComplete="off"
        placeholder="Name or email"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Matching actors"
        hidden={!expanded}
        className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {items.map((a, i) => (
          <li
            key={a.userId}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            // mousedown would blur the input (closing the list) before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(a)}
            className={`cursor-pointer px-3 py-1.5 ${i === current ? 'bg-slate-100' : ''}`}
          >
            <span className="block font-medium text-slate-900">{a.name}</span>
            <span className="block text-xs text-slate-600">
              {a.email}
              {!a.member && ' · former member'}
            </span>
          </li>
        ))}
      </ul>
      <p role="status" className="sr-only">
        {expanded ? `${items.length} matching actors` : noMatch ? 'No matching actors' : ''}
      </p>
      {noMatch && (
        <p className="absolute z-20 mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-600 shadow-lg">
          No member or past actor matches “{q}”.
        </p>
      )}
    </div>
  );
}
