import { withSession, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { reauthenticate } from '@/lib/server/sessions/reauth';
import { reauthInput } from '@/lib/schemas/members';
import { okResponse } from '@/lib/schemas/common';

export const POST = withSession(
  async (req, ctx) => {
    await reauthenticate(ctx, await parseBody(req, reauthInput));
    return json(okResponse.parse({ ok: true }));
  },
  { audit: audited('auth.reauthenticated') },
);
