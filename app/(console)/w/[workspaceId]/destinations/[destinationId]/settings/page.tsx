import type { Metadata } from 'next';
import { viewDestinationSettings } from '@/lib/server/destinations/view';
import { DestinationSettings } from '@/components/destinations/destination-settings';
import { loadDestinationTab, type DestinationParams } from '../load';

export const metadata: Metadata = { title: 'Destination settings' };

// PHI-bearing screen: the settings read writes "Destination Settings Viewed" before rendering.
export default async function DestinationSettingsPage({ params }: { params: DestinationParams }) {
  const { workspaceId, data } = await loadDestinationTab(params, 'destinations.read', viewDestinationSettings);
  return <DestinationSettings workspaceId={workspaceId} initial={data} />;
}
