import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { PageHeader } from '@/components/ui/page-header';
import { CatalogBrowser } from '@/components/destinations/catalog-browser';

export const metadata: Metadata = { title: 'Destination catalog' };

export default workspacePage(
  { permission: 'destinations.read', audit: noAudit('the static destination catalog') },
  (_ctx, { params: { workspaceId } }) => {
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
        <CatalogBrowser workspaceId={workspaceId} />
      </>
    );
  },
);
