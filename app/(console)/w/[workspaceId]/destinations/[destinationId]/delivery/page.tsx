import type { Metadata } from 'next';
import { getDeliveryOverview } from '@/lib/server/delivery/overview';
import { EventDelivery } from '@/components/delivery/event-delivery';
import { loadDestinationTab, type DestinationParams } from '../load';

export const metadata: Metadata = { title: 'Event delivery' };

// Outcomes over the last 24 h, the queue, latest attempts, payload details (audited) and Replay.
export default async function DestinationDeliveryPage({ params }: { params: DestinationParams }) {
  const { workspaceId, destinationId, data } = await loadDestinationTab(params, 'destinations.read', getDeliveryOverview);
  return <EventDelivery workspaceId={workspaceId} destinationId={destinationId} initial={data} />;
}
