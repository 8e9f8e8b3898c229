import { json, withWorkspace } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { signWorkspaceCheckpoint } from '@/lib/server/audit-log/checkpoint-service';
import { auditCheckpointView } from '@/lib/schemas/audit';

// Signs this workspace's chain head now (database, checkpoint file, webhook), for a
// runbook or a SIEM that wants an anchor on its own schedule. Writes "Audit Log Checkpoint Signed".
export const POST = withWorkspace(
  async (_req, ctx) => json(auditCheckpointView.parse(await signWorkspaceCheckpoint(ctx)), { status: 201 }),
  { permission: 'audit.verify', audit: audited('audit.checkpoint_signed') },
);
