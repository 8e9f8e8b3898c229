import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { removeMember, updateMember } from '@/lib/server/members/members';
import { memberRemovedResponse, memberUpdateInput } from '@/lib/schemas/members';
import { okResponse } from '@/lib/schemas/common';

type P = { workspaceId: string; memberId: string };

export const PATCH = withWorkspace<P>(
  async (req, ctx, { memberId }) => {
    await updateMember(ctx, memberId, await parseBody(req, memberUpdateInput));
    return json(okResponse.parse({ ok: true }));
  },
  { permission: 'members.manage', audit: audited('member.role_changed', 'member.pii_access_changed') },
);

export const DELETE = withWorkspace<P>(
  async (_req, ctx, { memberId }) => json(memberRemovedResponse.parse(await removeMember(ctx, memberId))),
  { permission: 'members.manage', audit: audited('member.removed') },
);
