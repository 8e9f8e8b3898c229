import { json, parseQuery, withWorkspace } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { viewAuditLog } from '@/lib/server/audit-log/service';
import { auditListQuerySchema, auditPage } from '@/lib/schemas/audit';

// PHI-bearing read: writes "Audit Log Viewed" before the page is returned (503 and no data if it cannot).
export const GET = withWorkspace(
  async (req, ctx) => {
    const query = parseQuery(req, auditListQuerySchema);
    return json(auditPage.parse(await viewAuditLog(ctx, query)));
  },
  { permission: 'audit.read', audit: phiRead('audit.viewed') },
);
