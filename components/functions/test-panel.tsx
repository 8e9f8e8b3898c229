'use client';
import { useState, type FormEvent } from 'react';
import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';
import type { TestFunctionInput, TestResultView } from '@/lib/schemas/functions';
import { useTestFunction } from '@/lib/queries/functions';
import { useSources } from '@/lib/queries/sources';
import { useDebuggerEvents } from '@/lib/queries/debugger';
import { messageOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { TestValuesFields, testValuesPayload, type TestValues } from './test-values';

// The recipe's event: a "Provider Search" carrying patient demographics.
const EXAMPLE = JSON.stringify(
  {
    type: 'track',
    event: 'Provider Search',
    userId: 'patient-42',
    properties: {
      specialty: 'Cardiology',
      location: 'Boston, MA',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'Ada.Lovelace@Example.com',
    },
  },
  null,
  2,
);

function parseEvent(text: string): { event?: Record<string, unknown>; error?: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return { error: 'Paste one event object, e.g. {"type":"track", …}.' };
    return { event: v as Record<string, unknown> };
  } catch (e) {
    return { error: `The test event is not valid JSON: ${(e as Error).message}` };
  }
}

interface Props {
  workspaceId: string;
  kind: FunctionKind;
  code: string;
  settings: FunctionSettingDef[];
  /** Set when the settings panel has errors: a run would be refused. */
  blocked?: string | null;
  onResult: (r: TestResultView | null) => void;
}

/** Test panel: the unsaved code against a pasted event or one from the Source Debugger. */
export function TestPanel({ workspaceId, kind, code, settings, blocked, onResult }: Props) {
  const { can } = useWorkspace();
  const canDebugger = can('debugger.read');
  const test = useTestFunction(workspaceId);
  const [input, setInput] = useState<'pasted' | 'debugger'>('pasted');
  const [text, setText] = useState(EXAMPLE);
  const [sourceId, setSourceId] = useState('');
  const [eventId, setEventId] = useState('');
  const [values, setValues] = useState<TestValues>({});
  const [clientError, setClientError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setClientError(null);
    if (blocked) return setClientError(blocked);
    const body: TestFunctionInput = { kind, code, settings, values: testValuesPayload(settings, values) };
    if (input === 'pasted') {
      const parsed = parseEvent(text);
      if (parsed.error) return setClientError(parsed.error);
      body.event = parsed.event;
    } else {
      if (!sourceId) return setClientError('Choose a source to take the event from.');
      body.sample = eventId ? { sourceId, eventId } : { sourceId };
    }
    onResult(null);
    onResult(await test.mutateAsync(body).catch(() => null));
  }

  return (
    <section aria-labelledby="fn-test-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <h2 id="fn-test-heading" className="text-lg font-semibold">
          Test
        </h2>
        <p role="note" className="mt-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          Test runs really send: fetch calls go out through the SSRF guard.
        </p>
      </div>
      <form onSubmit={onSubmit} aria-label="Test the function" className="space-y-3" noValidate>
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-medium">Test with</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="fn-test-input" checked={input === 'pasted'} onChange={() => setInput('pasted')} />
            Pasted JSON
          </label>
          {canDebugger && (
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="fn-test-input"
                checked={input === 'debugger'}
                onChange={() => setInput('debugger')}
              />
              An event from the Source Debugger
            </label>
          )}
        </fieldset>
        {input === 'pasted' ? (
          <div>
            <label htmlFor="fn-test-event" className="block text-sm font-medium">
              Test event
            </label>
            <textarea
              id="fn-test-event"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={12}
              spellCheck={false}
              aria-describedby="fn-test-event-help"
              className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
            />
            <p id="fn-test-event-help" className="text-xs text-slate-600">
              One Segment-style event. It is not stored.
            </p>
          </div>
        ) : (
          <DebuggerPick
            workspaceId={workspaceId}
            sourceId={sourceId}
            eventId={eventId}
            onSource={(s) => {
              setSourceId(s);
              setEventId('');
            }}
            onEvent={setEventId}
          />
        )}
        <TestValuesFields
          defs={settings}
          values={values}
          onChange={(name, v) => setValues((old) => ({ ...old, [name]: v }))}
        />
        {(clientError || test.error) && (
          <p role="alert" className="text-sm text-red-700">
            {clientError ?? messageOf(test.error)}
          </p>
        )}
        <button type="submit" disabled={test.isPending} className={buttonClass.primary}>
          {test.isPending ? 'Running…' : 'Run test'}
        </button>
      </form>
    </section>
  );
}

function DebuggerPick({
  workspaceId,
  sourceId,
  eventId,
  onSource,
  onEvent,
}: {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  onSource: (id: string) => void;
  onEvent: (id: string) => void;
}) {
  const sources = useSources(workspaceId);
  return (
    <div className="space-y-2 text-sm">
      <div>
        <label htmlFor="fn-test-source" className="block font-medium">
          Source
        </label>
        <select id="fn-test-source" value={sourceId} onChange={(e) => onSource(e.target.value)} className={inputClass}>
          <option value="">Choose a source</option>
          {(sources.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {sourceId && <RecentEvents workspaceId={workspaceId} sourceId={sourceId} eventId={eventId} onEvent={onEvent} />}
    </div>
  );
}

function RecentEvents({
  workspaceId,
  sourceId,
  eventId,
  onEvent,
}: {
  workspaceId: string;
  sourceId: string;
  eventId: string;
  onEvent: (id: string) => void;
}) {
  const events = useDebuggerEvents(workspaceId, sourceId, false);
  const list = events.data ?? [];
  return (
    <div>
      <label htmlFor="fn-test-debugger-event" className="block font-medium">
        Event
      </label>
      <select
        id="fn-test-debugger-event"
        value={eventId}
        onChange={(e) => onEvent(e.target.value)}
        className={inputClass}
        aria-describedby="fn-test-debugger-help"
      >
        <option value="">Use latest event</option>
        {list.slice(0, 20).map((ev) => (
          <option key={ev.id} value={ev.id}>
            {`${ev.type}${ev.eventName ? ` · ${ev.eventName}` : ''} · ${ev.receivedAt.replace('T', ' ').slice(0, 19)} UTC`}
          </option>
        ))}
      </select>
      <p id="fn-test-debugger-help" className="mt-1 text-xs text-slate-600">
        {events.isPending
          ? 'Loading recent events…'
          : list.length === 0
            ? 'This source has no events yet.'
            : 'The event runs as stored; without PII access its Red and Yellow values are masked.'}
      </p>
    </div>
  );
}
