import { json, withWorkspace } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { verifyAuditLog } from '@/lib/server/audit-log/service';
import { checkpointStatus } from '@/lib/server/audit-log/checkpoint-service';
import { auditCheckpointStatusView, auditVerifyView } from '@/lib/schemas/audit';

// When this workspace's chain was last signed, and where checkpoints go; owner and compliance only.
export const GET = withWorkspace(
  async (_req, ctx) => json(auditCheckpointStatusView.parse(await checkpointStatus(ctx))),
  {
    permission: 'audit.verify',
    audit: noAudit('checkpoint times, sequence numbers and destinations; no audit rows or PHI'),
  },
);

// Recomputes this workspace's hash chain and checks it against its signed checkpoints,
// then signs the head if intact; owner and compliance only. Writes "Audit Log Verified".
export const POST = withWorkspace(async (_req, ctx) => json(auditVerifyView.parse(await verifyAuditLog(ctx))), {
  permission: 'audit.verify',
  audit: audited('audit.verified'),
});
