import { notFound } from 'next/navigation';
import { listDestinations } from '@/lib/server/destinations/view';
import { destinationListResponse } from '@/lib/schemas/destinations';
import { TabNav } from '@/components/ui/tab-nav';
import { DestinationHeader } from '@/components/destinations/destination-header';
import { loadDestinationTab, type DestinationParams } from './load';

export default async function DestinationLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: DestinationParams;
}) {
  const {
    workspaceId,
    destinationId,
    data: rows,
  } = await loadDestinationTab(
    params,
    'destinations.read',
    async (ctx) => destinationListResponse.parse({ destinations: await listDestinations(ctx) }).destinations,
  );
  if (!rows.some((d) => d.id === destinationId)) notFound();
  const base = `/w/${workspaceId}/destinations/${destinationId}`;
  return (
    <>
      <DestinationHeader workspaceId={workspaceId} destinationId={destinationId} initial={rows} />
      <TabNav
        label="Destination"
        tabs={[
          { href: `${base}/settings`, label: 'Settings' },
          { href: `${base}/encryption`, label: 'Data Encryption' },
          { href: `${base}/preview`, label: 'Preview' },
          { href: `${base}/delivery`, label: 'Event Delivery' },
          { href: `${base}/consent`, label: 'Consent' },
        ]}
      />
      {children}
    </>
  );
}
