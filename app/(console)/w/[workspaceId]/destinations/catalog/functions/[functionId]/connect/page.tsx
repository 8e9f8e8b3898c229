import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404, isUuid } from '@/lib/server/platform/names';
import { listSources } from '@/lib/server/sources/sources';
import { listFunctions } from '@/lib/server/functions/list';
import { sourceListResponse } from '@/lib/schemas/sources';
import { functionList } from '@/lib/schemas/functions';
import { ConnectFunctionForm } from '@/components/functions/connect-function-form';

export const metadata: Metadata = { title: 'Connect a Destination Function' };

// Recipe step 3: a source's Add destination → Functions → the function → Connect destination.
// Only a deployed Destination Function can be connected; anything else is the generic 404.
export default workspacePage<{ workspaceId: string; functionId: string }, { sourceId?: string | string[] }>(
  {
    permission: 'functions.connect',
    audit: noAudit('the connect form; the destination is created through the audited API'),
  },
  async (ctx, { params: { workspaceId, functionId }, searchParams }) => {
    if (!ctx.can('destinations.write')) notFound();
    const id = idOr404(functionId, 'Function');
    const [functions, sources] = await Promise.all([
      listFunctions(ctx).then((f) => functionList.parse({ functions: f }).functions),
      listSources(ctx).then((s) => sourceListResponse.parse({ sources: s }).sources),
    ]);
    const fn = functions.find((f) => f.id === id);
    if (!fn || fn.kind !== 'destination' || fn.deployedVersion === null) notFound();
    const pre =
      typeof searchParams.sourceId === 'string' && isUuid(searchParams.sourceId) ? searchParams.sourceId : null;
    return (
      <ConnectFunctionForm
        workspaceId={workspaceId}
        fn={fn}
        sources={sources.map((s) => ({ id: s.id, name: s.name }))}
        preselected={sources.some((s) => s.id === pre) ? pre : null}
      />
    );
  },
);
