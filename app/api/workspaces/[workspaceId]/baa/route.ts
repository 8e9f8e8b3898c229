import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { getBaaStatus, recordBaa, revokeBaa } from '@/lib/server/workspaces/workspaces';
import { baaStatusView, recordBaaInput } from '@/lib/schemas/workspaces';

export const GET = withWorkspace(async (_req, ctx) => json(baaStatusView.parse(await getBaaStatus(ctx.workspace.id))), {
  permission: 'settings.read',
  audit: noAudit('BAA status; no PHI'),
});

export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, recordBaaInput);
    return json(baaStatusView.parse(await recordBaa(ctx, input)), { status: 201 });
  },
  { permission: 'baa.manage', audit: audited('workspace.baa_recorded') },
);

// Revokes the active BAA (the record stays, with who revoked it and when).
export const DELETE = withWorkspace(async (_req, ctx) => json(baaStatusView.parse(await revokeBaa(ctx))), {
  permission: 'baa.manage',
  audit: audited('workspace.baa_revoked'),
});
