'use client';
import { useState, type FormEvent } from 'react';
import { MAX_PREVIEW_EVENT_BYTES, type PreviewInput, type SampleEventView } from '@/lib/schemas/encryption';
import { usePreview } from '@/lib/queries/encryption';
import { messageOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { PreviewResults } from './preview-results';

const EXAMPLE = JSON.stringify(
  {
    type: 'identify',
    userId: 'user-123',
    traits: { email: 'jane@example.com', phone: '(617) 555-0100', plan: 'gold' },
    context: { consent: { categoryPreferences: { C0001: true } } },
  },
  null,
  2,
);

type Kind = 'debugger' | 'pasted';

function parsePasted(text: string): { event?: unknown; error?: string } {
  if (new Blob([text]).size > MAX_PREVIEW_EVENT_BYTES) return { error: 'The pasted event is larger than 32 KB.' };
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return { error: 'Paste one event object, e.g. {"type":"track", …}.' };
    return { event: v };
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
}

/** "Preview what this destination receives": each run is an audited read on the server. */
export function PreviewPanel({ workspaceId, destinationId }: { workspaceId: string; destinationId: string }) {
  const { can } = useWorkspace();
  const canDebugger = can('debugger.read');
  const preview = usePreview(workspaceId, destinationId);
  const [kind, setKind] = useState<Kind>(canDebugger ? 'debugger' : 'pasted');
  const [eventId, setEventId] = useState('');
  const [recent, setRecent] = useState<SampleEventView[]>([]);
  const [text, setText] = useState(EXAMPLE);
  const [clientError, setClientError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setClientError(null);
    let body: PreviewInput;
    if (kind === 'pasted') {
      const parsed = parsePasted(text);
      if (parsed.error) {
        setClientError(parsed.error);
        return;
      }
      body = { event: parsed.event };
    } else {
      body = eventId ? { eventId } : { latest: true };
    }
    const r = await preview.mutateAsync(body).catch(() => null);
    if (r && r.recentEvents.length) setRecent(r.recentEvents);
  }

  return (
    <section aria-labelledby="preview-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 id="preview-heading" className="text-lg font-semibold">
          Preview what this destination receives
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          The event after blocking at source, consent, hashing and encryption, computed by the same code that delivers
          it. Viewing a preview is recorded in the audit log.
        </p>
      </div>
      <form onSubmit={submit} className="space-y-3" aria-label="Preview input">
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-medium">Sample event</legend>
          {canDebugger && (
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="preview-kind"
                checked={kind === 'debugger'}
                onChange={() => setKind('debugger')}
              />
              From the Source Debugger
            </label>
          )}
          <label className="flex items-center gap-2">
            <input type="radio" name="preview-kind" checked={kind === 'pasted'} onChange={() => setKind('pasted')} />
            Paste JSON
          </label>
        </fieldset>
        {kind === 'debugger' ? (
          <div>
            <label htmlFor="preview-event" className="block text-sm font-medium">
              Event
            </label>
            <select
              id="preview-event"
              value={eventId}
              onChange={(e) => setEventId(e.target.value)}
              className={inputClass}
            >
              <option value="">Latest event</option>
              {recent.map((r) => (
                <option
                  key={r.id}
                  value={r.id}
                >{`${r.type}${r.eventName ? ` · ${r.eventName}` : ''} · ${r.receivedAt.replace('T', ' ').slice(0, 19)} UTC`}</option>
              ))}
            </select>
          </div>
        ) : (
          <div>
            <label htmlFor="preview-json" className="block text-sm font-medium">
              Event JSON
            </label>
            <textarea
              id="preview-json"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={12}
              spellCheck={false}
              className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
              aria-describedby="preview-json-help"
            />
            <p id="preview-json-help" className="text-xs text-slate-600">
              One Segment-style event, at most 32 KB. Nothing you paste is stored.
            </p>
          </div>
        )}
        {(clientError || preview.error) && (
          <p role="alert" className="text-sm text-red-700">
            {clientError ?? messageOf(preview.error)}
          </p>
        )}
        <button type="submit" disabled={preview.isPending} className={buttonClass.primary}>
          {preview.isPending ? 'Computing…' : 'Preview'}
        </button>
      </form>
      {preview.data && !preview.isPending && <PreviewResults result={preview.data} />}
    </section>
  );
}
