import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { isUuid } from '@/lib/server/platform/names';
import { PageHeader } from '@/components/ui/page-header';
import { CatalogBrowser } from '@/components/destinations/catalog-browser';
import { CatalogTabs } from '@/components/functions/catalog-tabs';

export const metadata: Metadata = { title: 'Destination catalog' };

export default workspacePage<{ workspaceId: string }, { sourceId?: string | string[] }>(
  { permission: 'destinations.read', audit: noAudit('the static destination catalog') },
  (_ctx, { params: { workspaceId }, searchParams }) => {
    // A source's "Add destination" preselects that source in the add flow.
    const sourceId =
      typeof searchParams.sourceId === 'string' && isUuid(searchParams.sourceId) ? searchParams.sourceId : null;
    return (
      <>
        <p className="mb-2 text-sm">
          <Link href={`/w/${workspaceId}/destinations`} className="text-brand-700 hover:underline">
            Destinations
          </Link>{' '}
          /
        </p>
        <PageHeader
          title="Destination catalog"
          description="Pick a destination. The BAA badge says whether the vendor signs a Business Associate Addendum; without one, send no PHI in clear."
        />
        <CatalogTabs workspaceId={workspaceId} sourceId={sourceId} />
        <CatalogBrowser workspaceId={workspaceId} sourceId={sourceId} />
      </>
    );
  },
);
