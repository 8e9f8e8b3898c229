import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { deleteMatcher, updateMatcher } from '@/lib/server/privacy/matchers';
import { matcherView, updateMatcherInput } from '@/lib/schemas/privacy';
import { deletedResponse } from '@/lib/schemas/common';

type P = { workspaceId: string; matcherId: string };

export const PATCH = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.matcherId, 'Matcher');
    const input = await parseBody(req, updateMatcherInput);
    return json(matcherView.parse(await updateMatcher(ctx, id, input)));
  },
  { permission: 'privacy.matchers', audit: audited('privacy.matcher_modified') },
);

export const DELETE = withWorkspace<P>(
  async (_req, ctx, p) => {
    await deleteMatcher(ctx, idOr404(p.matcherId, 'Matcher'));
    return json(deletedResponse.parse({ deleted: true }));
  },
  { permission: 'privacy.matchers', audit: audited('privacy.matcher_deleted') },
);
