import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { listDestinations } from '@/lib/server/destinations/view';
import { createDestination } from '@/lib/server/destinations/create';
import {
  createdDestinationResponse,
  createDestinationInput,
  destinationListResponse,
} from '@/lib/schemas/destinations';

export const GET = withWorkspace(
  async (_req, ctx) => json(destinationListResponse.parse({ destinations: await listDestinations(ctx) })),
  { permission: 'destinations.read', audit: noAudit('names, ids and settings summaries only; no PHI values') },
);

// One transaction: the destination, its sealed secrets, its Setup page protection and their audit rows.
export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, createDestinationInput);
    const { view, hmacSecret } = await createDestination(ctx, input);
    // A new HMAC secret is shown once, in this response only.
    return json(createdDestinationResponse.parse(hmacSecret ? { ...view, hmacSecret } : view), { status: 201 });
  },
  {
    permission: 'destinations.write',
    audit: audited(
      'destination.created',
      'destination.encryption_enabled',
      'destination.hashing_enabled',
      'function.connected',
    ),
  },
);
