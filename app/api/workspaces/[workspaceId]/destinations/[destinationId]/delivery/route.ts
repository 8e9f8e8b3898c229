import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getDeliveryOverview } from '@/lib/server/delivery/overview';
import { deliveryOverview } from '@/lib/schemas/delivery';

// Event Delivery tab data (counts, queue, latest attempts); no event content.
export const GET = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (_req, ctx, p) => {
    return json(deliveryOverview.parse(await getDeliveryOverview(ctx, idOr404(p.destinationId, 'Destination'))));
  },
  { permission: 'destinations.read', audit: noAudit('delivery counts, queue and attempt status; no event contents') },
);
