import type { Metadata } from 'next';
import { loadSourcePage, type SourceParams } from './load';
import { SourceOverview } from '@/components/sources/source-overview';

export const metadata: Metadata = { title: 'Source' };

export default async function SourceOverviewPage({ params }: { params: SourceParams }) {
  const { workspaceId, source } = await loadSourcePage(params);
  return <SourceOverview workspaceId={workspaceId} initial={source} />;
}
