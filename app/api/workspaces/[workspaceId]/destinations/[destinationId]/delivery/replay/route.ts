import { z } from 'zod';
import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { replayDeliveries } from '@/lib/server/delivery/replay';
import { replayResponse } from '@/lib/schemas/delivery';

const replayInput = z
  .object({
    deliveryIds: z
      .array(z.guid({ error: 'Each delivery id must be a UUID.' }))
      .min(1)
      .max(500, 'Replay at most 500 selected deliveries at once.')
      .optional(),
  })
  .strict();

// Replay dead-lettered and failed deliveries (all of them, or the selected ones). Audited.
export const POST = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const input = await parseBody(req, replayInput);
    return json(replayResponse.parse(await replayDeliveries(ctx, idOr404(p.destinationId, 'Destination'), input)));
  },
  { permission: 'destinations.write', audit: audited('destination.delivery_replayed') },
);
