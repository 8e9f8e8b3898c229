import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listSources } from '@/lib/server/sources/sources';
import { SelectSourceForm } from '@/components/destinations/select-source-form';
import { AddSteps, entryOr404 } from './add-steps';
import { sourceListResponse } from '@/lib/schemas/sources';

export const metadata: Metadata = { title: 'Add destination' };

export default workspacePage<{ workspaceId: string; catalogId: string }, { sourceId?: string | string[] }>(
  { permission: 'destinations.write', audit: noAudit('a catalog entry and the source picker') },
  async (ctx, { params: { workspaceId, catalogId }, searchParams }) => {
    const entry = entryOr404(catalogId);
    const sources = sourceListResponse.parse({ sources: await listSources(ctx) }).sources;
    return (
      <>
        <AddSteps catalogId={entry.id} step={1} />
        <SelectSourceForm
          workspaceId={workspaceId}
          catalogId={entry.id}
          preselected={typeof searchParams.sourceId === 'string' ? searchParams.sourceId : undefined}
          sources={sources.map((s) => ({ id: s.id, name: s.name, type: s.type, enabled: s.enabled }))}
        />
      </>
    );
  },
);
