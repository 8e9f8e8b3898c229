import type { Metadata } from 'next';
import { PreviewPanel } from '@/components/destinations/encryption/preview-panel';
import { loadDestinationTab, type DestinationParams } from '../load';

export const metadata: Metadata = { title: 'Preview destination payload' };

// Nothing PHI-bearing is rendered here: each preview run is its own audited read (POST …/preview).
export default async function DestinationPreviewPage({ params }: { params: DestinationParams }) {
  const { workspaceId, destinationId } = await loadDestinationTab(params, 'destinations.read', async () => null);
  return <PreviewPanel workspaceId={workspaceId} destinationId={destinationId} />;
}
