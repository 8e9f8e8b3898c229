import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { setSourceBlocking } from '@/lib/server/sources/sources';
import { sourceBlockingInput, sourceView } from '@/lib/schemas/sources';

export const PUT = withWorkspace<{ workspaceId: string; sourceId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.sourceId, 'Source');
    const { blockRed } = await parseBody(req, sourceBlockingInput);
    return json(sourceView.parse(await setSourceBlocking(ctx, id, blockRed)));
  },
  { permission: 'sources.blocking', audit: audited('source.blocking_modified') },
);
