import { csvDownload, parseQuery, withWorkspace } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { exportAuditLog } from '@/lib/server/audit-log/service';
import { auditFiltersSchema } from '@/lib/schemas/audit';

// PHI-bearing export: "Audit Log Exported" is committed before the first byte is streamed.
export const GET = withWorkspace(
  async (req, ctx) => {
    const filters = parseQuery(req, auditFiltersSchema);
    const { stream, filename } = await exportAuditLog(ctx, filters);
    return csvDownload(stream, filename);
  },
  { permission: 'audit.export', audit: phiRead('audit.exported') },
);
