import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { InventoryView } from '@/components/privacy/inventory-view';

export const metadata: Metadata = { title: 'Privacy Portal · Inventory' };

export default workspacePage(
  { permission: 'privacy.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (_ctx, { params: { workspaceId } }) => {
    return <InventoryView workspaceId={workspaceId} />;
  },
);
