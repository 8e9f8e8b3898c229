import { withWorkspace, json } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { deleteSynonym } from '@/lib/server/privacy/synonyms';
import { deletedResponse } from '@/lib/schemas/common';

type P = { workspaceId: string; synonymId: string };

export const DELETE = withWorkspace<P>(
  async (_req, ctx, p) => {
    await deleteSynonym(ctx, idOr404(p.synonymId, 'Synonym'));
    return json(deletedResponse.parse({ deleted: true }));
  },
  { permission: 'privacy.matchers', audit: audited('privacy.synonym_deleted') },
);
