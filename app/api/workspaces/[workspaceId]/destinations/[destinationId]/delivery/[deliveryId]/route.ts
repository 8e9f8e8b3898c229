import { withWorkspace, json } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { viewDeliveryDetails } from '@/lib/server/delivery/overview';
import { deliveryDetails } from '@/lib/schemas/delivery';

// A delivery's payload: audited read ("Event Delivery Details Viewed").
export const GET = withWorkspace<{ workspaceId: string; destinationId: string; deliveryId: string }>(
  async (_req, ctx, p) => {
    return json(
      deliveryDetails.parse(
        await viewDeliveryDetails(ctx, idOr404(p.destinationId, 'Destination'), idOr404(p.deliveryId, 'Delivery')),
      ),
    );
  },
  { permission: 'destinations.read', audit: phiRead('destination.delivery_viewed') },
);
