'use client';
import Link from 'next/link';
import type { ConnectedFunction } from '@/lib/schemas/destinations';
import { useWorkspace } from '@/components/shell/workspace-context';

/** On a Destination Function instance's Settings tab: which function runs, and which version. */
export function ConnectedFunctionNote({ workspaceId, fn }: { workspaceId: string; fn: ConnectedFunction }) {
  const { can } = useWorkspace();
  return (
    <section aria-labelledby="connected-fn-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="connected-fn-heading" className="text-lg font-semibold">
        Destination Function
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Runs{' '}
        {can('functions.read') ? (
          <Link
            href={`/w/${workspaceId}/destinations/catalog/functions/${fn.id}`}
            className="font-medium text-brand-700 hover:underline"
          >
            {fn.name}
          </Link>
        ) : (
          <span className="font-medium">{fn.name}</span>
        )}
        , {fn.deployedVersion === null ? 'with no deployed version' : `deployed version ${fn.deployedVersion}`}. Its
        code decides what leaves and where it goes; a new deployment applies here from the next event on.
      </p>
    </section>
  );
}
