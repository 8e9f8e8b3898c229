import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listSources } from '@/lib/server/sources/sources';
import { PageHeader } from '@/components/ui/page-header';
import { SourcesTable } from '@/components/sources/sources-table';
import { sourceListResponse } from '@/lib/schemas/sources';

export const metadata: Metadata = { title: 'Sources' };

export default workspacePage(
  { permission: 'sources.read', audit: noAudit('names, ids and settings summaries only; no PHI values') },
  async (ctx, { params: { workspaceId } }) => {
    const sources = sourceListResponse.parse({ sources: await listSources(ctx) }).sources;
    return (
      <>
        <PageHeader title="Sources" description="Where events come from. Each source has its own write key." />
        <SourcesTable workspaceId={workspaceId} initial={sources} />
      </>
    );
  },
);
