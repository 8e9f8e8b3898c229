import { json, withWorkspace } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listAuditEventTypes } from '@/lib/server/audit-log/filter-options';
import { auditEventTypeList } from '@/lib/schemas/audit';

// The event types written in this workspace's log, for the Event type filter. Not
// audited: it returns type names only (no rows, actors, end users or times).
export const GET = withWorkspace(async (_req, ctx) => json(auditEventTypeList.parse(await listAuditEventTypes(ctx))), {
  permission: 'audit.read',
  audit: noAudit('the names of event types written in this log; no audit rows, no PHI'),
});
