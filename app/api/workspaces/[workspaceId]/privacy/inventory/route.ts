import { withWorkspace, json, parseQuery } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listInventory } from '@/lib/server/privacy/inventory';
import { inventoryFilterInput, inventoryListResponse } from '@/lib/schemas/privacy';

export const GET = withWorkspace(
  async (req, ctx) =>
    json(inventoryListResponse.parse(await listInventory(ctx, parseQuery(req, inventoryFilterInput)))),
  {
    permission: 'privacy.read',
    audit: noAudit('field names and classifications; sample values only via POST privacy/samples'),
  },
);
