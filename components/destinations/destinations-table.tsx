'use client';
import Link from 'next/link';
import { useDestinations, useToggleDestination, type DestinationListItem } from '@/lib/queries/destinations';
import { catalogEntry } from '@/lib/destinations/catalog';
import { whoCan } from '@/lib/page-access';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { Switch } from '@/components/ui/switch';
import { useToast } from '@/components/ui/toast';
import { DestinationLogo } from './destination-logo';
import { BaaBadge } from './baa-badge';
import { BlastWarning } from './blast-warning';

function protection(d: DestinationListItem): string {
  const parts = [];
  if (d.protection.encryptionEnabled) parts.push(`${d.protection.encryptedCount} encrypted`);
  if (d.protection.hashingEnabled) parts.push(`${d.protection.hashedCount} hashed`);
  return parts.length ? parts.join(' · ') : 'None';
}

export function DestinationsTable({ workspaceId, initial }: { workspaceId: string; initial: DestinationListItem[] }) {
  const { can } = useWorkspace();
  const { data: rows = [] } = useDestinations(workspaceId, initial);
  const toggle = useToggleDestination(workspaceId);
  const { notify } = useToast();
  const exposedCount = rows.filter((d) => d.exposed.length > 0).length;
  return (
    <>
      {exposedCount > 0 && (
        <p
          role="status"
          className="mb-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm font-semibold text-red-900"
        >
          {exposedCount} destination{exposedCount === 1 ? '' : 's'} would receive PHI in clear without a BAA. See the
          warnings below.
        </p>
      )}
      {toggle.error && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {toggle.error.message}
        </p>
      )}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">My destinations</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Name
            </th>
            <th scope="col" className="px-4 py-2">
              Type
            </th>
            <th scope="col" className="px-4 py-2">
              Source
            </th>
            <th scope="col" className="px-4 py-2">
              Enabled
            </th>
            <th scope="col" className="px-4 py-2">
              BAA status
            </th>
            <th scope="col" className="px-4 py-2">
              Protection
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-t border-slate-100 align-top">
              <td className="px-4 py-2">
                <Link
                  prefetch={false}
                  href={`/w/${workspaceId}/destinations/${d.id}/settings`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {d.name}
                </Link>
                <BlastWarning destinationName={d.name} baa={d.effectiveBaa} fields={d.exposed} compact />
              </td>
              <td className="px-4 py-2">
                <span className="inline-flex items-center gap-2">
                  <DestinationLogo catalogId={d.catalogId} size="sm" />
                  {catalogEntry(d.catalogId)?.name ?? d.catalogId}
                  {d.functionName ? `: ${d.functionName}` : ''}
                </span>
              </td>
              <td className="px-4 py-2">{d.source.name}</td>
              <td className="px-4 py-2">
                <Switch
                  label={`Enable ${d.name}`}
                  checked={d.enabled}
                  disabled={!can('destinations.write') || toggle.isPending}
                  onChange={(enabled) =>
                    toggle.mutate(
                      { id: d.id, enabled },
                      { onSuccess: (v) => notify(`${v.name} ${v.enabled ? 'enabled' : 'disabled'}`) },
                    )
                  }
                />
              </td>
              <td className="px-4 py-2">
                <BaaBadge status={d.effectiveBaa} overridden={d.baaOverride !== null} />
              </td>
              <td className="px-4 py-2">{protection(d)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="px-4 py-8 text-center">
                <p className="font-medium text-slate-900">No destinations yet.</p>
                <p className="mt-1 text-slate-600">
                  A destination receives the events of one of your sources, with PHI protected before it leaves.
                </p>
                {can('destinations.write') ? (
                  <Link
                    href={`/w/${workspaceId}/destinations/catalog`}
                    className={`${buttonClass.primary} mt-4 inline-block`}
                  >
                    Add your first destination
                  </Link>
                ) : (
                  <p className="mt-2 text-slate-600">{whoCan('destinations.write')}</p>
                )}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
