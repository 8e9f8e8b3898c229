'use client';
import Link from 'next/link';
import type { FunctionView } from '@/lib/queries/functions';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';

/** Where the function runs: the destinations it is (Destination Function) or runs before (Insert Function). */
export function FunctionConnections({ workspaceId, fn }: { workspaceId: string; fn: FunctionView }) {
  const { can } = useWorkspace();
  const canConnect = fn.kind === 'destination' && can('functions.connect') && can('destinations.write');
  return (
    <section aria-labelledby="fn-connections-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="fn-connections-heading" className="text-lg font-semibold">
          {fn.kind === 'destination' ? 'Connected destinations' : 'Destinations using it'}
        </h2>
        {canConnect && fn.deployedVersion !== null && (
          <Link
            href={`/w/${workspaceId}/destinations/catalog/functions/${fn.id}/connect`}
            className={buttonClass.secondary}
          >
            Connect destination
          </Link>
        )}
      </div>
      {fn.kind === 'insert' && (
        <p className="mt-1 text-sm text-slate-600">
          Attach it on a catalog destination&rsquo;s Settings tab, under Insert Function.
        </p>
      )}
      {fn.deployedVersion === null && (
        <p className="mt-1 text-sm text-slate-600">Deploy a version before connecting it.</p>
      )}
      {fn.destinations.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">None yet.</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm">
          {fn.destinations.map((d) => (
            <li key={d.id}>
              <Link
                prefetch={false}
                href={`/w/${workspaceId}/destinations/${d.id}/settings`}
                className="text-brand-700 hover:underline"
              >
                {d.name}
              </Link>{' '}
              <span className="text-slate-600">
                · {d.sourceName} · {d.enabled ? 'Enabled' : 'Disabled'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
