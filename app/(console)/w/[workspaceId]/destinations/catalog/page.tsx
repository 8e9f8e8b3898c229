import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePage } from '@/lib/server/sessions/page';
import { PageHeader } from '@/components/ui/page-header';
import { CatalogBrowser } from '@/components/destinations/catalog-browser';

export const metadata: Metadata = { title: 'Destination catalog' };

export default async function CatalogPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requirePage(workspaceId, 'destinations.read');
  return (
    <>
      <p className="mb-2 text-sm"><Link href={`/w/${workspaceId}/destinations`} className="text-brand-700 hover:underline">Destinations</Link> /</p>
      <PageHeader title="Destination catalog" description="Pick a destination. The BAA badge says whether the vendor signs a Business Associate Addendum; without one, send no PHI in clear." />
      <CatalogBrowser workspaceId={workspaceId} />
    </>
  );
}
