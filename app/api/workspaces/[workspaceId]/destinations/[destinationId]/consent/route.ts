import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { setDestinationConsent } from '@/lib/server/destinations/update';
import { consentInput, destinationView } from '@/lib/schemas/destinations';

export const PUT = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const { categories } = await parseBody(req, consentInput);
    return json(destinationView.parse(await setDestinationConsent(ctx, id, categories)));
  },
  { permission: 'destinations.write', audit: audited('destination.consent_modified') },
);
