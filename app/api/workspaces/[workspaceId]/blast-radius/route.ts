import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { loadBlastRadius } from '@/lib/server/destinations/protection/blast-radius';
import { blastRadiusResponse } from '@/lib/schemas/destinations';

// Every destination × every Red/Yellow field from its source: clear, encrypted, hashed or dropped.
export const GET = withWorkspace(
  async (_req, ctx) => json(blastRadiusResponse.parse({ destinations: await loadBlastRadius(ctx) })),
  { permission: 'destinations.read', audit: noAudit('counts of fields and destinations; no PHI values') },
);
