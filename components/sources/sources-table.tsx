'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useSources, type SourceView } from '@/lib/queries/sources';
import { SOURCE_TYPE_LABELS } from '@/lib/schemas/sources';
import { maskedWriteKey } from '@/lib/sources/write-key-display';
import { whoCan } from '@/lib/page-access';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { CreateSourceDialog } from './create-source-dialog';

export function SourcesTable({ workspaceId, initial }: { workspaceId: string; initial: SourceView[] }) {
  const { can } = useWorkspace();
  const { data: sources = [] } = useSources(workspaceId, initial);
  const [adding, setAdding] = useState(false);
  return (
    <>
      {can('sources.write') && (
        <div className="mb-4 flex justify-end">
          <button type="button" onClick={() => setAdding(true)} className={buttonClass.primary}>
            Add source
          </button>
        </div>
      )}
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Sources</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Name
            </th>
            <th scope="col" className="px-4 py-2">
              Type
            </th>
            <th scope="col" className="px-4 py-2">
              Write key
            </th>
            <th scope="col" className="px-4 py-2">
              Destinations
            </th>
            <th scope="col" className="px-4 py-2">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} className="border-t border-slate-100">
              <td className="px-4 py-2 font-medium">
                <Link href={`/w/${workspaceId}/sources/${s.id}`} className="text-brand-700 hover:underline">
                  {s.name}
                </Link>
              </td>
              <td className="px-4 py-2">{SOURCE_TYPE_LABELS[s.type]}</td>
              <td className="px-4 py-2 font-mono text-xs">{s.writeKey ? maskedWriteKey(s.writeKey.prefix) : '—'}</td>
              <td className="px-4 py-2">{s.destinations.length}</td>
              <td className="px-4 py-2">
                {s.enabled ? 'Enabled' : 'Disabled'}
                {s.blockRed ? ' · Blocks Red' : ''}
              </td>
            </tr>
          ))}
          {sources.length === 0 && (
            <tr>
              <td colSpan={5} className="px-4 py-8 text-center">
                <p className="font-medium text-slate-900">No sources yet.</p>
                <p className="mt-1 text-slate-600">A source is where events come from; each has its own write key.</p>
                {can('sources.write') ? (
                  <button type="button" onClick={() => setAdding(true)} className={`${buttonClass.primary} mt-4`}>
                    Add your first source
                  </button>
                ) : (
                  <p className="mt-2 text-slate-600">{whoCan('sources.write')}</p>
                )}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <CreateSourceDialog workspaceId={workspaceId} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
