'use client';
import Link from 'next/link';
import { useDestinations, type DestinationListItem } from '@/lib/queries/destinations';
import { catalogEntry } from '@/lib/destinations/catalog';
import { DestinationLogo } from './destination-logo';
import { BaaBadge } from './baa-badge';
import { BlastWarning } from './blast-warning';

/** Name, type, source, BAA and the blast-radius warning; follows the list query so edits show at once. */
export function DestinationHeader({
  workspaceId,
  destinationId,
  initial,
}: {
  workspaceId: string;
  destinationId: string;
  initial: DestinationListItem[];
}) {
  const { data } = useDestinations(workspaceId, initial);
  const d = data?.find((x) => x.id === destinationId) ?? initial.find((x) => x.id === destinationId);
  if (!d) return null;
  return (
    <div className="mb-4">
      <p className="mb-2 text-sm">
        <Link href={`/w/${workspaceId}/destinations`} className="text-brand-700 hover:underline">
          Destinations
        </Link>{' '}
        /
      </p>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <DestinationLogo catalogId={d.catalogId} size="lg" />
        <div>
          <h1 className="text-2xl font-semibold">{d.name}</h1>
          <p className="text-sm text-slate-600">
            {catalogEntry(d.catalogId)?.name ?? d.catalogId}
            {d.functionName ? `: ${d.functionName}` : ''} · Source:{' '}
            <Link
              href={`/w/${workspaceId}/sources/${d.source.id}`}
              className="text-brand-700 underline underline-offset-2 hover:text-brand-800"
            >
              {d.source.name}
            </Link>{' '}
            · {d.enabled ? 'Enabled' : 'Disabled'}
          </p>
        </div>
        <BaaBadge status={d.effectiveBaa} overridden={d.baaOverride !== null} />
      </div>
      <BlastWarning destinationName={d.name} baa={d.effectiveBaa} fields={d.exposed} />
    </div>
  );
}
