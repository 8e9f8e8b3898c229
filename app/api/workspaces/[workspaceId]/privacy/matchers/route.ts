import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { createMatcher, listMatchers } from '@/lib/server/privacy/matchers';
import { createMatcherInput, matchersView, matcherView } from '@/lib/schemas/privacy';

export const GET = withWorkspace(async (_req, ctx) => json(matchersView.parse(await listMatchers(ctx))), {
  permission: 'privacy.read',
  audit: noAudit('matcher definitions; no PHI values'),
});

export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, createMatcherInput);
    return json(matcherView.parse(await createMatcher(ctx, input)), { status: 201 });
  },
  { permission: 'privacy.matchers', audit: audited('privacy.matcher_created') },
);
