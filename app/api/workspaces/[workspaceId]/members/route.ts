import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { inviteMember, listMembers } from '@/lib/server/members/members';
import { inviteCreatedResponse, inviteInput, memberListResponse } from '@/lib/schemas/members';

export const GET = withWorkspace(async (_req, ctx) => json(memberListResponse.parse(await listMembers(ctx))), {
  permission: 'members.read',
  audit: noAudit('the workforce member list; no end-user PHI'),
});

/** Returns the one-time invite link; it is not retrievable afterwards. */
export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, inviteInput);
    const { inviteId, token } = await inviteMember(ctx, input);
    return json(inviteCreatedResponse.parse({ inviteId, inviteUrl: `${req.nextUrl.origin}/invite/${token}` }), {
      status: 201,
    });
  },
  { permission: 'members.manage', audit: audited('member.invited') },
);
