import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { deleteSource, getSource, updateSource } from '@/lib/server/sources/sources';
import { deletedSourceResponse, sourceView, updateSourceInput } from '@/lib/schemas/sources';
import { confirmNameInput } from '@/lib/schemas/names';

type P = { workspaceId: string; sourceId: string };

export const GET = withWorkspace<P>(
  async (_req, ctx, p) => json(sourceView.parse(await getSource(ctx, idOr404(p.sourceId, 'Source')))),
  { permission: 'sources.read', audit: noAudit('source settings and the write key prefix; no PHI values') },
);

export const PATCH = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.sourceId, 'Source');
    const input = await parseBody(req, updateSourceInput);
    return json(sourceView.parse(await updateSource(ctx, id, input)));
  },
  { permission: 'sources.write', audit: audited('source.modified', 'source.enabled', 'source.disabled') },
);

export const DELETE = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.sourceId, 'Source');
    const { confirmName } = await parseBody(req, confirmNameInput);
    return json(deletedSourceResponse.parse(await deleteSource(ctx, id, confirmName)));
  },
  { permission: 'sources.write', audit: audited('source.deleted', 'destination.deleted', 'function.disconnected') },
);
