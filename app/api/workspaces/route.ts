import { withSession, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { createWorkspace } from '@/lib/server/workspaces/workspaces';
import { createWorkspaceInput, workspaceRefView } from '@/lib/schemas/workspaces';

// Any signed-in user may create a workspace; they become its owner.
export const POST = withSession(
  async (req, ctx) => {
    const input = await parseBody(req, createWorkspaceInput);
    return json(workspaceRefView.parse(await createWorkspace(ctx, input)), { status: 201 });
  },
  { audit: audited('workspace.created') },
);
