import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { createSource, listSources } from '@/lib/server/sources/sources';
import { createdSourceResponse, createSourceInput, sourceListResponse } from '@/lib/schemas/sources';

export const GET = withWorkspace(
  async (_req, ctx) => json(sourceListResponse.parse({ sources: await listSources(ctx) })),
  { permission: 'sources.read', audit: noAudit('names, ids and settings summaries only; no PHI values') },
);

// The response carries the write key in full; this is the only time it is ever sent.
export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, createSourceInput);
    return json(createdSourceResponse.parse(await createSource(ctx, input)), { status: 201 });
  },
  { permission: 'sources.write', audit: audited('source.created') },
);
