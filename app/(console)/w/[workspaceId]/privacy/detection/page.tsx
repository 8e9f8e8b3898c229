import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { DetectionView } from '@/components/privacy/detection-view';

export const metadata: Metadata = { title: 'Privacy Portal · Detection' };

export default workspacePage(
  { permission: 'privacy.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (_ctx, { params: { workspaceId } }) => {
    return <DetectionView workspaceId={workspaceId} />;
  },
);
