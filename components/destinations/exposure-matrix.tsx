import Link from 'next/link';
import type { DestinationExposure, Treatment } from '@/lib/schemas/destinations';
import { BaaBadge } from './baa-badge';

const CELL: Record<Treatment, string> = {
  clear: 'bg-slate-100 text-slate-800',
  encrypted: 'bg-brand-100 text-brand-800',
  hashed: 'bg-sky-100 text-sky-900',
  dropped: 'bg-slate-200 text-slate-600',
};
const LABEL: Record<Treatment, string> = {
  clear: 'Clear',
  encrypted: 'Encrypted',
  hashed: 'Hashed',
  dropped: 'Dropped',
};

/**
 * Every destination × every Red/Yellow field its source sends: clear,
 * encrypted, hashed, or dropped (blocked at source). Clear to a destination
 * without a BAA is the exposure, marked in red; a disabled destination shows
 * what it would receive once enabled, muted, and is not counted. Fields no owner
 * has classified yet carry the Privacy Portal's suggested colour, marked as such.
 */
export function ExposureMatrix({ workspaceId, rows }: { workspaceId: string; rows: DestinationExposure[] }) {
  const columns = new Map<string, 'red' | 'yellow'>();
  const suggested = new Set<string>();
  for (const r of rows)
    for (const f of r.fields) {
      columns.set(f.keyPath, f.classification);
      if (f.suggested) suggested.add(f.keyPath);
    }
  const keys = [...columns.entries()]
    .sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] === 'red' ? -1 : 1))
    .map(([k]) => k);
  if (rows.length === 0) return <p className="text-sm text-slate-600">No destinations yet.</p>;
  if (keys.length === 0)
    return (
      <p className="text-sm text-slate-600">
        No Red or Yellow fields have been seen from the sources of your destinations yet, classified or suggested by the
        Privacy Portal&apos;s matchers.
      </p>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">
          PHI blast radius: how each destination receives each Red or Yellow field, classified or suggested
        </caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">
              Destination
            </th>
            <th scope="col" className="px-3 py-2">
              In clear, no BAA
            </th>
            {keys.map((k) => (
              <th key={k} scope="col" className="px-3 py-2 font-mono text-xs">
                <span
                  className={`mr-1 inline-block h-2 w-2 rounded-full ${columns.get(k) === 'red' ? 'bg-red-600' : 'bg-amber-400'}`}
                  aria-hidden
                />
                {k}
                <span className="sr-only"> ({columns.get(k)})</span>
                {suggested.has(k) && (
                  <span className="ml-1 font-sans font-normal text-slate-600">
                    (suggested<span className="sr-only">, not classified yet</span>)
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const byKey = new Map(r.fields.map((f) => [f.keyPath, f.treatment]));
            const exposed = new Set(r.exposed.map((f) => f.keyPath));
            return (
              <tr key={r.destinationId} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link
                    prefetch={false}
                    href={`/w/${workspaceId}/destinations/${r.destinationId}/settings`}
                    className="text-brand-700 hover:underline"
                  >
                    {r.name}
                  </Link>
                  <div className="mt-1 flex flex-wrap items-center gap-1">
                    <BaaBadge status={r.effectiveBaa} />
                    {!r.enabled && (
                      <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                        Disabled · not counted
                      </span>
                    )}
                  </div>
                </th>
                <td className={`px-3 py-2 font-semibold ${r.enabled && r.exposed.length > 0 ? 'text-red-700' : ''}`}>
                  {r.exposed.length}
                </td>
                {keys.map((k) => {
                  const t = byKey.get(k);
                  if (!t)
                    return (
                      <td key={k} className="px-3 py-2 text-slate-400">
                        <span aria-hidden>—</span>
                        <span className="sr-only">not sent by its source</span>
                      </td>
                    );
                  const danger = exposed.has(k);
                  const style = !danger
                    ? CELL[t]
                    : r.enabled
                      ? 'bg-red-600 text-white'
                      : 'border border-red-400 text-red-800';
                  return (
                    <td key={k} className="px-3 py-2">
                      <span className={`rounded px-2 py-0.5 text-xs font-semibold ${style}`}>
                        {LABEL[t]}
                        {danger ? ' · no BAA' : ''}
                      </span>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
