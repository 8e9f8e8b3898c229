import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { PageHeader } from '@/components/ui/page-header';
import { MembersPanel } from '@/components/settings/members-panel';

export const metadata: Metadata = { title: 'Members' };

export default workspacePage(
  { permission: 'members.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (ctx, { params: { workspaceId } }) => {
    return (
      <>
        <PageHeader
          title="Members"
          description="Who can use this workspace, and what they can do. Removing a member signs them out everywhere at once."
        />
        <MembersPanel workspaceId={workspaceId} currentUserId={ctx.user.id} />
      </>
    );
  },
);
