import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { setInsertFunction } from '@/lib/server/destinations/insert-function';
import { destinationView } from '@/lib/schemas/destinations';
import { insertFunctionInput } from '@/lib/schemas/functions';

// Attach (functionId) or remove (null) a deployed Insert Function on a catalog destination, with its settings.
export const PUT = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const input = await parseBody(req, insertFunctionInput);
    return json(destinationView.parse(await setInsertFunction(ctx, id, input)));
  },
  {
    permission: 'destinations.write',
    audit: audited('function.connected', 'function.disconnected', 'destination.modified'),
  },
);
