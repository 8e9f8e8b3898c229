import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { ControlsView } from '@/components/privacy/controls-view';

export const metadata: Metadata = { title: 'Privacy Portal · Privacy Controls' };

export default async function PrivacyControlsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requirePage(workspaceId, 'privacy.read');
  return <ControlsView workspaceId={workspaceId} />;
}
