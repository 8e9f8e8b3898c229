import { acceptInvite } from '@/lib/server/members/invites';
import { acceptInviteInput, inviteAcceptedResponse } from '@/lib/schemas/members';
import { json, parseBody, publicRoute } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { optionalSessionFromCookies } from '@/lib/server/sessions/current';

/** Public: a new person accepts with name + password; an existing account must be signed in. */
export const POST = publicRoute(
  async (req, meta) => {
    const input = await parseBody(req, acceptInviteInput);
    const session = await optionalSessionFromCookies((n) => req.cookies.get(n)?.value, meta, true);
    const r = await acceptInvite(
      input.token,
      { signedInUserId: session?.user.id, name: input.name, password: input.password },
      meta,
    );
    return json(inviteAcceptedResponse.parse(r), { status: 201 });
  },
  { audit: audited('member.invite_accepted'), csrf: true },
);
