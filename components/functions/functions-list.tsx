'use client';
import Link from 'next/link';
import { useFunctions, type FunctionListItem } from '@/lib/queries/functions';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { FunctionLogo, KIND_LABELS } from './function-logo';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Catalog → Functions: the workspace's functions, New Function for owners, Connect for deployed ones. */
export function FunctionsList({ workspaceId, sourceId }: { workspaceId: string; sourceId?: string | null }) {
  const { can } = useWorkspace();
  const canRead = can('functions.read');
  const canConnect = can('functions.connect') && can('destinations.write');
  const list = useFunctions(workspaceId, canRead || canConnect);
  const base = `/w/${workspaceId}/destinations/catalog/functions`;
  const connectHref = (f: FunctionListItem) =>
    `${base}/${f.id}/connect${sourceId ? `?sourceId=${encodeURIComponent(sourceId)}` : ''}`;

  if (!canRead && !canConnect) {
    return <p className="text-sm text-slate-600">Your role cannot see functions.</p>;
  }
  const rows = list.data ?? [];
  return (
    <section aria-labelledby="functions-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="functions-heading" className="text-lg font-semibold">
            Functions
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            A Destination Function is your own code that receives each event and sends it where it wants. An Insert
            Function changes events before a catalog destination receives them.
            {!canRead && ' You see deployed functions only: the ones you can connect.'}
          </p>
        </div>
        {can('functions.write') && (
          <Link href={`${base}/new`} className={buttonClass.primary}>
            New Function
          </Link>
        )}
      </div>
      {list.error && (
        <p role="alert" className="text-sm text-red-700">
          {list.error.message}
        </p>
      )}
      {list.isPending ? (
        <p role="status" className="text-sm text-slate-600">
          Loading functions…
        </p>
      ) : rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">{canRead ? 'No functions yet.' : 'No deployed functions yet.'}</p>
          <p className="mt-1 text-sm text-slate-600">
            {can('functions.write')
              ? 'Start from a template, such as "Remove PHI before a non-BAA destination", or from blank code.'
              : 'An owner writes and deploys functions; deployed Destination Functions appear here to connect.'}
          </p>
          {can('functions.write') && (
            <Link href={`${base}/new`} className={`${buttonClass.primary} mt-4 inline-block`}>
              Create your first function
            </Link>
          )}
        </div>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Functions</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {['Name', 'Kind', 'Deployed version', 'Connections', 'Updated'].map((h) => (
                <th key={h} scope="col" className="px-4 py-2">
                  {h}
                </th>
              ))}
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.id} className="border-t border-slate-100 align-top">
                <td className="px-4 py-2">
                  <span className="inline-flex items-center gap-2">
                    <FunctionLogo logo={f.logo} kind={f.kind} size="sm" />
                    {canRead ? (
                      <Link href={`${base}/${f.id}`} className="font-medium text-brand-700 hover:underline">
                        {f.name}
                      </Link>
                    ) : (
                      <span className="font-medium">{f.name}</span>
                    )}
                  </span>
                  {f.description && <p className="mt-1 text-xs text-slate-600">{f.description}</p>}
                </td>
                <td className="px-4 py-2">{KIND_LABELS[f.kind]}</td>
                <td className="px-4 py-2">
                  {f.deployedVersion === null ? 'Not deployed' : `Version ${f.deployedVersion}`}
                </td>
                <td className="px-4 py-2">{f.connections}</td>
                <td className="px-4 py-2">{when(f.updatedAt)}</td>
                <td className="px-4 py-2 text-right">
                  {canConnect && f.kind === 'destination' && f.deployedVersion !== null && (
                    <Link href={connectHref(f)} className={buttonClass.secondary} aria-label={`Connect ${f.name}`}>
                      Connect
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
