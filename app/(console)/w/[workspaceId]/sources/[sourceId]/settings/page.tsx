import type { Metadata } from 'next';
import { loadSourcePage, type SourceParams } from '../load';
import { SourceSettings } from '@/components/sources/source-settings';

export const metadata: Metadata = { title: 'Source settings' };

export default async function SourceSettingsPage({ params }: { params: SourceParams }) {
  const { workspaceId, source } = await loadSourcePage(params);
  return <SourceSettings workspaceId={workspaceId} initial={source} />;
}
