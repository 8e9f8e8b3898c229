import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { previewDestination } from '@/lib/server/destinations/protection/preview';
import { previewInput, previewView } from '@/lib/schemas/encryption';

// A read (POST because pasted JSON travels in the body), audited as
// "Destination Preview Viewed". Clicking "Run preview" is user activity.
export const POST = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const input = await parseBody(req, previewInput, 96 * 1024);
    return json(previewView.parse(await previewDestination(ctx, id, input)));
  },
  { permission: 'destinations.read', audit: phiRead('destination.preview_viewed') },
);
