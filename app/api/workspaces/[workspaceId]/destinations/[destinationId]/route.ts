import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { viewDestinationSettings } from '@/lib/server/destinations/view';
import { updateDestination } from '@/lib/server/destinations/update';
import { deleteDestination } from '@/lib/server/destinations/delete';
import { destinationView, updateDestinationInput } from '@/lib/schemas/destinations';
import { confirmNameInput } from '@/lib/schemas/names';
import { deletedResponse } from '@/lib/schemas/common';

type P = { workspaceId: string; destinationId: string };

// PHI-bearing read: writes "Destination Settings Viewed" before answering.
export const GET = withWorkspace<P>(
  async (_req, ctx, p) =>
    json(destinationView.parse(await viewDestinationSettings(ctx, idOr404(p.destinationId, 'Destination')))),
  { permission: 'destinations.read', audit: phiRead('destination.settings_viewed') },
);

export const PATCH = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const input = await parseBody(req, updateDestinationInput);
    return json(destinationView.parse(await updateDestination(ctx, id, input)));
  },
  {
    permission: 'destinations.write',
    audit: audited('destination.modified', 'destination.enabled', 'destination.disabled'),
  },
);

export const DELETE = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const { confirmName } = await parseBody(req, confirmNameInput);
    await deleteDestination(ctx, id, confirmName);
    return json(deletedResponse.parse({ deleted: true }));
  },
  { permission: 'destinations.write', audit: audited('destination.deleted', 'function.disconnected') },
);
