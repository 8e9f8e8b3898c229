import { csvDownload, withWorkspace } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { exportInventoryCsv } from '@/lib/server/privacy/inventory';

// Audited export ("Privacy Inventory Exported" is committed before the body is sent). No sample values.
export const GET = withWorkspace(
  async (_req, ctx) => {
    const { csv, filename } = await exportInventoryCsv(ctx);
    return csvDownload(csv, filename);
  },
  { permission: 'privacy.read', audit: phiRead('privacy.inventory_exported') },
);
