import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { InboxView } from '@/components/privacy/inbox-view';

export const metadata: Metadata = { title: 'Privacy Portal · Inbox' };

// Data comes from the API (masked samples only); unmasked samples are a separate, audited request.
export default async function PrivacyInboxPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requirePage(workspaceId, 'privacy.read');
  return <InboxView workspaceId={workspaceId} />;
}
