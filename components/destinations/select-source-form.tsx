'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { SOURCE_TYPE_LABELS, type SourceTypeId } from '@/lib/schemas/sources';
import { buttonClass } from '@/components/ui/dialog';

/** Step 1 of adding a destination: "Select data source", then Next. */
export function SelectSourceForm({
  workspaceId,
  catalogId,
  sources,
  preselected,
}: {
  workspaceId: string;
  catalogId: string;
  /** The source a source page's "Add destination" came from. */
  preselected?: string;
  sources: { id: string; name: string; type: SourceTypeId; enabled: boolean }[];
}) {
  const router = useRouter();
  const [sourceId, setSourceId] = useState(
    sources.some((s) => s.id === preselected) ? preselected! : sources.length === 1 ? sources[0].id : '',
  );
  const [error, setError] = useState<string | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!sourceId) {
      setError('Select a data source.');
      return;
    }
    router.push(`/w/${workspaceId}/destinations/catalog/${catalogId}/setup?sourceId=${encodeURIComponent(sourceId)}`);
  }

  if (sources.length === 0) {
    return (
      <p className="text-sm">
        This workspace has no sources yet.{' '}
        <Link href={`/w/${workspaceId}/sources`} className="text-brand-700 underline">
          Add a source
        </Link>{' '}
        first.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <fieldset>
        <legend className="text-lg font-semibold">Select data source</legend>
        <p className="text-sm text-slate-600">Events from this source are sent to the destination.</p>
        <div className="mt-3 space-y-2">
          {sources.map((s) => (
            <label
              key={s.id}
              className="flex items-center gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
            >
              <input
                type="radio"
                name="sourceId"
                value={s.id}
                checked={sourceId === s.id}
                onChange={() => {
                  setSourceId(s.id);
                  setError(null);
                }}
              />
              <span className="font-medium">{s.name}</span>
              <span className="text-slate-600">
                {SOURCE_TYPE_LABELS[s.type]}
                {s.enabled ? '' : ' · Disabled'}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Link href={`/w/${workspaceId}/destinations/catalog`} className={buttonClass.secondary}>
          Back to catalog
        </Link>
        <button type="submit" className={buttonClass.primary}>
          Next
        </button>
      </div>
    </form>
  );
}
