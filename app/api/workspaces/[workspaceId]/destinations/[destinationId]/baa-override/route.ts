import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { setDestinationBaaOverride } from '@/lib/server/destinations/update';
import { baaOverrideInput, destinationView } from '@/lib/schemas/destinations';

export const PUT = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const { override } = await parseBody(req, baaOverrideInput);
    return json(destinationView.parse(await setDestinationBaaOverride(ctx, id, override)));
  },
  { permission: 'destinations.baa_override', audit: audited('destination.baa_override_modified') },
);
