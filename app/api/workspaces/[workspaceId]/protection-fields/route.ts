import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listProtectionFieldOptions } from '@/lib/server/destinations/protection/coverage';
import { protectionFieldsResponse } from '@/lib/schemas/encryption';

// The Yellow fields offered by the encryption and hashing Fields dropdowns
// (field names only, never values), e.g. for the Setup page of a new destination.
export const GET = withWorkspace(
  async (_req, ctx) => json(protectionFieldsResponse.parse({ fields: await listProtectionFieldOptions(ctx) })),
  { permission: 'destinations.read', audit: noAudit('field key paths only; no PHI values') },
);
