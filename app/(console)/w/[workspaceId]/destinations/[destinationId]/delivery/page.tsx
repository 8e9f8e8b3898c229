import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getDeliveryOverview } from '@/lib/server/delivery/overview';
import { EventDelivery } from '@/components/delivery/event-delivery';
import { deliveryOverview } from '@/lib/schemas/delivery';

export const metadata: Metadata = { title: 'Event delivery' };

// Outcomes over the last 24 h, the queue, latest attempts, payload details (audited) and Replay.
export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: noAudit('delivery counts by status; no event contents') },
  async (ctx, { params: { workspaceId, destinationId } }) => {
    const data = deliveryOverview.parse(await getDeliveryOverview(ctx, idOr404(destinationId, 'Destination')));
    return <EventDelivery workspaceId={workspaceId} destinationId={destinationId} initial={data} />;
  },
);
