import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { listDestinations } from '@/lib/server/destinations/view';
import { createDestination } from '@/lib/server/destinations/changes';
import { createDestinationInput } from '@/lib/schemas/destinations';
import { protectionOnCreate } from '@/lib/server/destinations/protection/on-create';

export const GET = withWorkspace(async (_req, ctx) => json({ destinations: await listDestinations(ctx) }), { permission: 'destinations.read', audit: noAudit('names, ids and settings summaries only; no PHI values') });

// One transaction: the destination, its sealed secrets and its audit row are created together or not at all.
export const POST = withWorkspace(async (req, ctx) => {
  const input = await parseBody(req, createDestinationInput);
  // Encryption / hashing from the Setup page run inside the same transaction.
  const protection = protectionOnCreate(ctx, input.catalogId, { encryption: input.encryption, hashing: input.hashing });
  const view = await createDestination(ctx, input, protection.extend);
  // A new HMAC secret is shown once, in this response only.
  const hmacSecret = protection.secret();
  return json(hmacSecret ? { ...view, hmacSecret } : view, { status: 201 });
}, { permission: 'destinations.write', audit: audited('destination.created', 'destination.encryption_enabled') });
