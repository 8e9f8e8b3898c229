'use client';
import { useState } from 'react';
import { useDebuggerEvent, useDebuggerRaw, type DebuggerEventView } from '@/lib/queries/debugger';

type Tab = 'pretty' | 'raw';
const BLOCKED = Symbol('blocked');

/** Puts a "blocked" marker where block at source removed a field (array element paths are listed only). */
function withBlocked(payload: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const out = structuredClone(payload);
  for (const p of paths) {
    const parts = p.split('.');
    if (p.includes('[]') || parts.includes('__proto__')) continue;
    let node: Record<string, unknown> = out;
    for (const key of parts.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = BLOCKED;
  }
  return out;
}

function Value({ v }: { v: unknown }) {
  if (v === BLOCKED)
    return <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">blocked</span>;
  if (v !== null && typeof v === 'object') return <Tree value={v as Record<string, unknown>} />;
  return <span className="break-all font-mono text-xs">{JSON.stringify(v)}</span>;
}

function Tree({ value }: { value: Record<string, unknown> | unknown[] }) {
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0)
    return <span className="font-mono text-xs text-slate-500">{Array.isArray(value) ? '[]' : '{}'}</span>;
  return (
    <dl className="ml-3 border-l border-slate-200 pl-3">
      {entries.map(([k, v]) => (
        <div key={k} className="py-0.5">
          <dt className="inline font-mono text-xs text-slate-600">{k}: </dt>
          <dd className="inline">
            <Value v={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function callOf(e: DebuggerEventView): string {
  const name = e.eventName ? JSON.stringify(e.eventName) : '';
  return `analytics.${e.type}(${name})`;
}

function Pretty({ e }: { e: DebuggerEventView }) {
  const p = withBlocked(e.payload, e.blockedPaths);
  const sections = (['properties', 'traits', 'context'] as const).filter((k) => p[k] !== undefined);
  return (
    <div className="space-y-3 text-sm">
      <p className="font-mono text-sm font-semibold">{callOf(e)}</p>
      <dl className="grid grid-cols-[9rem_1fr] gap-y-1">
        {(['userId', 'anonymousId', 'messageId', 'timestamp', 'receivedAt'] as const).map(
          (k) =>
            p[k] !== undefined && (
              <div key={k} className="contents">
                <dt className="text-slate-600">{k}</dt>
                <dd>
                  <Value v={p[k]} />
                </dd>
              </div>
            ),
        )}
      </dl>
      {sections.map((k) => (
        <section key={k} aria-label={k}>
          <h3 className="font-medium capitalize">{k}</h3>
          <Value v={p[k]} />
        </section>
      ))}
      {e.blockedPaths.length > 0 && (
        <section aria-label="Blocked at source">
          <h3 className="font-medium">Blocked at source</h3>
          <p className="text-slate-600">
            Red fields removed before the event was stored. They were never saved and cannot be replayed.
          </p>
          <ul className="mt-1 list-inside list-disc font-mono text-xs">
            {e.blockedPaths.map((b) => (
              <li key={b}>
                {b} <span className="rounded bg-red-100 px-1 text-red-800">blocked</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function EventView({
  workspaceId,
  sourceId,
  eventId,
}: {
  workspaceId: string;
  sourceId: string;
  eventId: string;
}) {
  const [tab, setTab] = useState<Tab>('pretty');
  const pretty = useDebuggerEvent(workspaceId, sourceId, eventId);
  const raw = useDebuggerRaw(workspaceId, sourceId, eventId, tab === 'raw');
  const q = tab === 'pretty' ? pretty : raw;
  const tabButton = (t: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${t}`}
      aria-selected={tab === t}
      aria-controls={`panel-${t}`}
      onClick={() => setTab(t)}
      className={`border-b-2 px-3 py-2 text-sm ${tab === t ? 'border-brand-600 font-semibold text-brand-800' : 'border-transparent text-slate-600'}`}
    >
      {label}
    </button>
  );
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <div role="tablist" aria-label="Event view" className="flex border-b border-slate-200 px-2">
        {tabButton('pretty', 'Pretty')}
        {tabButton('raw', 'Raw')}
      </div>
      <div
        role="tabpanel"
        // Focusable: the panel scrolls, and the Raw view has nothing else to focus.
        tabIndex={0}
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className="max-h-[65vh] overflow-auto p-4"
      >
        {tab === 'raw' && (
          <p className="mb-2 text-xs text-slate-600">
            Opening the Raw view is recorded in the audit log (Source Debugger Raw Viewed).
          </p>
        )}
        {q.isPending && <p className="text-sm text-slate-600">Loading…</p>}
        {q.isError && (
          <p role="alert" className="text-sm text-red-700">
            {q.error.message}
          </p>
        )}
        {q.data && q.data.masked && <p className="mb-2 text-xs text-amber-800">Sensitive values are masked.</p>}
        {q.data &&
          (tab === 'pretty' ? (
            <Pretty e={q.data} />
          ) : (
            <pre aria-label="Raw event JSON" className="whitespace-pre-wrap break-all font-mono text-xs">
              {JSON.stringify(q.data.payload, null, 2)}
            </pre>
          ))}
      </div>
    </div>
  );
}
