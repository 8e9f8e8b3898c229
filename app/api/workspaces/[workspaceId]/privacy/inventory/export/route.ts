import { withWorkspace } from '@/lib/server/http';
import { exportInventoryCsv } from '@/lib/server/privacy/inventory';

// Audited export ("Privacy Inventory Exported" is committed before the body is sent). No sample values.
export const GET = withWorkspace(async (_req, ctx) => {
  const { csv, filename } = await exportInventoryCsv(ctx);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}, { permission: 'privacy.read' });
