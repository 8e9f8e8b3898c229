import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { listSources } from '@/lib/server/sources/sources';
import { PageHeader } from '@/components/ui/page-header';
import { SourcesTable } from '@/components/sources/sources-table';

export const metadata: Metadata = { title: 'Sources' };

export default async function SourcesPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'sources.read');
  const sources = await listSources(ctx);
  return (
    <>
      <PageHeader title="Sources" description="Where events come from. Each source has its own write key." />
      <SourcesTable workspaceId={workspaceId} initial={sources} />
    </>
  );
}
