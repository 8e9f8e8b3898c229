import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/page';
import { getWorkspaceOverview } from '@/lib/server/workspaces';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'workspace.read');
  const o = await getWorkspaceOverview(ctx);
  const cards = [
    { label: 'Sources', value: o.sources },
    { label: 'Destinations', value: o.destinations },
    { label: 'Members', value: o.members },
  ];
  return (
    <>
      <PageHeader title={ctx.workspace.name} description="Where your event data comes from, where it goes, and how PHI is protected on the way." />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {cards.map((c) => (
          <div key={c.label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{c.label}</dt>
            <dd className="mt-1 text-3xl font-semibold">{c.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
