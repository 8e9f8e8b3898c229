import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { PageHeader } from '@/components/ui/page-header';
import { AuditLogView } from '@/components/audit/audit-log-view';

export const metadata: Metadata = { title: 'Audit Log' };

// Owner and compliance only (audit.read); anyone else gets a 404. The data itself
// is fetched by the client from the audited API, so every page of it is logged.
export default workspacePage(
  { permission: 'audit.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  (_ctx, { params: { workspaceId } }) => {
    return (
      <>
        <PageHeader
          title="Audit Log"
          description="HIPAA audit controls: who viewed or changed what, when, and from where."
        />
        <AuditLogView workspaceId={workspaceId} />
      </>
    );
  },
);
