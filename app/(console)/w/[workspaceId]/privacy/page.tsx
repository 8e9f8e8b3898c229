import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { InboxView } from '@/components/privacy/inbox-view';

export const metadata: Metadata = { title: 'Privacy Portal · Inbox' };

// Data comes from the API (masked samples only); unmasked samples are a separate, audited request.
export default workspacePage(
  { permission: 'privacy.read', audit: noAudit('Privacy Portal summary counts; no PHI values') },
  (_ctx, { params: { workspaceId } }) => {
    return <InboxView workspaceId={workspaceId} />;
  },
);
