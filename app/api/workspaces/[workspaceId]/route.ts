import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { renameWorkspace } from '@/lib/server/workspaces/workspaces';
import { renameWorkspaceInput, workspaceRefView } from '@/lib/schemas/workspaces';

export const PATCH = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, renameWorkspaceInput);
    return json(workspaceRefView.parse(await renameWorkspace(ctx, input)));
  },
  { permission: 'workspace.update', audit: audited('workspace.renamed', 'workspace.settings_modified') },
);
