import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { isUuid } from '@/lib/server/platform/names';
import { PageHeader } from '@/components/ui/page-header';
import { CatalogTabs } from '@/components/functions/catalog-tabs';
import { FunctionsList } from '@/components/functions/functions-list';

export const metadata: Metadata = { title: 'Functions' };

export default workspacePage<{ workspaceId: string }, { sourceId?: string | string[] }>(
  { permission: 'destinations.read', audit: noAudit('page shell; the list comes from the functions API') },
  (_ctx, { params: { workspaceId }, searchParams }) => {
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
          description="Pick a destination, or connect a function: your own code that decides what leaves and where it goes."
        />
        <CatalogTabs workspaceId={workspaceId} sourceId={sourceId} />
        <FunctionsList workspaceId={workspaceId} sourceId={sourceId} />
      </>
    );
  },
);
