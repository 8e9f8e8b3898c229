import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { replayDeliveries } from '@/lib/server/delivery/replay';
import { replayInput, replayResponse } from '@/lib/schemas/delivery';

// Replay dead-lettered, failed and held deliveries (all of them, or the selected ones). Audited.
// Deliveries queued before an endpoint change need an owner's confirmEndpointChange (409 otherwise).
export const POST = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const input = await parseBody(req, replayInput);
    return json(replayResponse.parse(await replayDeliveries(ctx, idOr404(p.destinationId, 'Destination'), input)));
  },
  { permission: 'destinations.write', audit: audited('destination.delivery_replayed') },
);
