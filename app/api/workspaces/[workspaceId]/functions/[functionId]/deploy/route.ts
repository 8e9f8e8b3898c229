import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { deployFunction } from '@/lib/server/functions/deploy';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { deployInput, functionView } from '@/lib/schemas/functions';

export const POST = withWorkspace<{ workspaceId: string; functionId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.functionId, 'Function');
    const { versionId } = await parseBody(req, deployInput);
    const { view, destinationIds } = await deployFunction(ctx, id, versionId);
    // After the commit: the next delivery of each connected destination loads the new version.
    for (const d of destinationIds) invalidateDestinationRuntime(d);
    return json(functionView.parse(view));
  },
  { permission: 'functions.write', audit: audited('function.deployed') },
);
