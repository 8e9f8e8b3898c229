import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { ControlsView } from '@/components/privacy/controls-view';

export const metadata: Metadata = { title: 'Privacy Portal · Privacy Controls' };

export default workspacePage(
  { permission: 'privacy.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (_ctx, { params: { workspaceId } }) => {
    return <ControlsView workspaceId={workspaceId} />;
  },
);
