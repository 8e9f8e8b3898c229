import { redirect } from 'next/navigation';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';

export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: noAudit('redirects to the Settings tab') },
  (_ctx, { params: { workspaceId, destinationId } }) => {
    redirect(`/w/${workspaceId}/destinations/${destinationId}/settings`);
  },
);
