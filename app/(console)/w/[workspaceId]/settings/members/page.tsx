import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { PageHeader } from '@/components/ui/page-header';
import { MembersPanel } from '@/components/settings/members-panel';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'members.read');
  return (
    <>
      <PageHeader title="Members" description="Who can use this workspace, and what they can do. Removing a member signs them out everywhere at once." />
      <MembersPanel workspaceId={workspaceId} currentUserId={ctx.user.id} />
    </>
  );
}
