import { json, withWorkspace } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { verifyAuditLog } from '@/lib/server/audit-log/service';
import { auditVerifyView } from '@/lib/schemas/audit';

// Recomputes this workspace's hash chain; owner and compliance only. Writes "Audit Log Verified".
export const POST = withWorkspace(async (_req, ctx) => json(auditVerifyView.parse(await verifyAuditLog(ctx))), {
  permission: 'audit.verify',
  audit: audited('audit.verified'),
});
