import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { createSynonym } from '@/lib/server/privacy/synonyms';
import { createSynonymInput, synonymView } from '@/lib/schemas/privacy';

export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, createSynonymInput);
    return json(synonymView.parse(await createSynonym(ctx, input)), { status: 201 });
  },
  { permission: 'privacy.matchers', audit: audited('privacy.synonym_created') },
);
