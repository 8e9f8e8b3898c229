import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { InventoryView } from '@/components/privacy/inventory-view';

export const metadata: Metadata = { title: 'Privacy Portal · Inventory' };

export default async function PrivacyInventoryPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requirePage(workspaceId, 'privacy.read');
  return <InventoryView workspaceId={workspaceId} />;
}
