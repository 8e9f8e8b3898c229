import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listDestinations } from '@/lib/server/destinations/view';
import { PageHeader } from '@/components/ui/page-header';
import { buttonClass } from '@/components/ui/styles';
import { DestinationsTable } from '@/components/destinations/destinations-table';
import { destinationListResponse } from '@/lib/schemas/destinations';

export const metadata: Metadata = { title: 'Destinations' };

export default workspacePage(
  { permission: 'destinations.read', audit: noAudit('names, ids and settings summaries only; no PHI values') },
  async (ctx, { params: { workspaceId } }) => {
    const rows = destinationListResponse.parse({ destinations: await listDestinations(ctx) }).destinations;
    return (
      <>
        <PageHeader
          title="My destinations"
          description="Where events go, and how PHI is protected before it leaves."
          actions={
            ctx.can('destinations.write') ? (
              <Link href={`/w/${workspaceId}/destinations/catalog`} className={buttonClass.primary}>
                Add destination
              </Link>
            ) : undefined
          }
        />
        <DestinationsTable workspaceId={workspaceId} initial={rows} />
      </>
    );
  },
);
