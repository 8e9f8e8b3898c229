import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePage } from '@/lib/server/sessions/page';
import { listDestinations } from '@/lib/server/destinations/view';
import { PageHeader } from '@/components/ui/page-header';
import { buttonClass } from '@/components/ui/dialog';
import { DestinationsTable } from '@/components/destinations/destinations-table';

export const metadata: Metadata = { title: 'Destinations' };

export default async function DestinationsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'destinations.read');
  const rows = await listDestinations(ctx);
  return (
    <>
      <PageHeader
        title="My destinations"
        description="Where events go, and how PHI is protected before it leaves."
        actions={ctx.can('destinations.write') ? <Link href={`/w/${workspaceId}/destinations/catalog`} className={buttonClass.primary}>Add destination</Link> : undefined}
      />
      <DestinationsTable workspaceId={workspaceId} initial={rows} />
    </>
  );
}
