import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { DetectionView } from '@/components/privacy/detection-view';

export const metadata: Metadata = { title: 'Privacy Portal · Detection' };

export default async function PrivacyDetectionPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requirePage(workspaceId, 'privacy.read');
  return <DetectionView workspaceId={workspaceId} />;
}
