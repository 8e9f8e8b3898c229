import type { Metadata } from 'next';
import { viewEncryption } from '@/lib/server/destinations/protection/encryption';
import { EncryptionTab } from '@/components/destinations/encryption/encryption-tab';
import { loadDestinationTab, type DestinationParams } from '../load';

export const metadata: Metadata = { title: 'Data encryption' };

// Audited read: "Destination Encryption Settings Viewed" is committed before the tab renders.
export default async function DestinationEncryptionPage({ params }: { params: DestinationParams }) {
  const { workspaceId, data } = await loadDestinationTab(params, 'destinations.read', viewEncryption);
  return <EncryptionTab workspaceId={workspaceId} initial={data} />;
}
