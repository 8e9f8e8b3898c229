import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/sessions/page';
import { listSources } from '@/lib/server/sources/sources';
import { SelectSourceForm } from '@/components/destinations/select-source-form';
import { AddSteps, entryOr404 } from './add-steps';

export const metadata: Metadata = { title: 'Add destination' };

export default async function ConfigureDestinationPage({ params }: { params: Promise<{ workspaceId: string; catalogId: string }> }) {
  const { workspaceId, catalogId } = await params;
  const ctx = await requirePage(workspaceId, 'destinations.write');
  const entry = entryOr404(catalogId);
  const sources = await listSources(ctx);
  return (
    <>
      <AddSteps catalogId={entry.id} step={1} />
      <SelectSourceForm workspaceId={workspaceId} catalogId={entry.id} sources={sources.map((s) => ({ id: s.id, name: s.name, type: s.type, enabled: s.enabled }))} />
    </>
  );
}
