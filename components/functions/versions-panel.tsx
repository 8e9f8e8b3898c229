'use client';
import { useState } from 'react';
import type { FunctionVersionSummary } from '@/lib/schemas/functions';
import { useFunctionVersion } from '@/lib/queries/functions';
import { inputClass } from '@/components/ui/dialog';
import { VersionDiff } from './version-diff';

const when = (iso: string) => new Date(iso).toLocaleString();

export function versionStatus(v: FunctionVersionSummary): string {
  if (v.deployed) return 'Deployed';
  return v.deployable ? 'Deployable' : 'Has errors: cannot be deployed';
}

/** Version history, newest first, and a line diff between any two versions. */
export function VersionsPanel({
  workspaceId,
  functionId,
  versions,
}: {
  workspaceId: string;
  functionId: string;
  versions: FunctionVersionSummary[];
}) {
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  // Until the user picks, compare the newest version with the one before it (also after a new save).
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const from = picked.from ?? sorted[1]?.id ?? sorted[0]?.id ?? '';
  const to = picked.to ?? sorted[0]?.id ?? '';
  const setFrom = (id: string) => setPicked((p) => ({ ...p, from: id }));
  const setTo = (id: string) => setPicked((p) => ({ ...p, to: id }));
  const label = (id: string) => `version ${sorted.find((v) => v.id === id)?.number ?? '?'}`;
  return (
    <section
      aria-labelledby="fn-versions-heading"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="fn-versions-heading" className="text-lg font-semibold">
        Versions
      </h2>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Version history, newest first</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {['Version', 'Saved', 'By', 'Status'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((v) => (
            <tr key={v.id} className="border-t border-slate-100">
              <td className="px-3 py-2 font-medium">Version {v.number}</td>
              <td className="px-3 py-2">{when(v.createdAt)}</td>
              <td className="px-3 py-2">{v.author?.name ?? 'Unknown'}</td>
              <td className="px-3 py-2">
                {v.deployed ? <span className="font-semibold text-emerald-800">Deployed</span> : versionStatus(v)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {sorted.length > 1 && (
        <div className="space-y-3">
          <h3 className="text-sm font-semibold">Compare versions</h3>
          <div className="flex flex-wrap gap-3">
            <VersionSelect id="fn-diff-from" label="From version" value={from} onChange={setFrom} versions={sorted} />
            <VersionSelect id="fn-diff-to" label="To version" value={to} onChange={setTo} versions={sorted} />
          </div>
          <DiffOf
            workspaceId={workspaceId}
            functionId={functionId}
            from={from}
            to={to}
            caption={`Changes from ${label(from)} to ${label(to)}`}
          />
        </div>
      )}
    </section>
  );
}

function VersionSelect({
  id,
  label,
  value,
  onChange,
  versions,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  versions: FunctionVersionSummary[];
}) {
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            Version {v.number}
          </option>
        ))}
      </select>
    </div>
  );
}

function DiffOf({
  workspaceId,
  functionId,
  from,
  to,
  caption,
}: {
  workspaceId: string;
  functionId: string;
  from: string;
  to: string;
  caption: string;
}) {
  const a = useFunctionVersion(workspaceId, functionId, from || null);
  const b = useFunctionVersion(workspaceId, functionId, to || null);
  if (a.error || b.error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {(a.error ?? b.error)?.message}
      </p>
    );
  if (!a.data || !b.data)
    return (
      <p role="status" className="text-sm text-slate-600">
        Loading versions…
      </p>
    );
  const settingsChanged = JSON.stringify(a.data.settings) !== JSON.stringify(b.data.settings);
  return (
    <div className="space-y-2">
      <VersionDiff before={a.data.code} after={b.data.code} caption={caption} />
      {settingsChanged && (
        <VersionDiff
          before={JSON.stringify(a.data.settings, null, 2)}
          after={JSON.stringify(b.data.settings, null, 2)}
          caption={`Declared settings, ${caption.charAt(0).toLowerCase()}${caption.slice(1)}`}
        />
      )}
    </div>
  );
}
