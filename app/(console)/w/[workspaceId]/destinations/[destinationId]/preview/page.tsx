import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { PreviewPanel } from '@/components/destinations/encryption/preview-panel';

export const metadata: Metadata = { title: 'Preview destination payload' };

// Nothing PHI-bearing is rendered here: each preview run is its own audited read (POST …/preview).
export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (_ctx, { params: { workspaceId, destinationId } }) => {
    idOr404(destinationId, 'Destination');
    return <PreviewPanel workspaceId={workspaceId} destinationId={destinationId} />;
  },
);
