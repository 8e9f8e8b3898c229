import type { Metadata } from 'next';
import { getDestinationConsent } from '@/lib/server/destinations/view';
import { ConsentEditor } from '@/components/destinations/consent-editor';
import { loadDestinationTab, type DestinationParams } from '../load';

export const metadata: Metadata = { title: 'Destination consent' };

export default async function DestinationConsentPage({ params }: { params: DestinationParams }) {
  const { workspaceId, destinationId, data } = await loadDestinationTab(params, 'destinations.read', getDestinationConsent);
  return <ConsentEditor workspaceId={workspaceId} destinationId={destinationId} initial={data} />;
}
