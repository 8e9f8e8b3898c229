import { withWorkspace, json } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { revokeInvite } from '@/lib/server/members/members';
import { okResponse } from '@/lib/schemas/common';

export const DELETE = withWorkspace<{ workspaceId: string; inviteId: string }>(
  async (_req, ctx, { inviteId }) => {
    await revokeInvite(ctx, inviteId);
    return json(okResponse.parse({ ok: true }));
  },
  { permission: 'members.manage', audit: audited('member.invite_revoked') },
);
