import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/page';
import { getPrivacySummary } from '@/lib/server/privacy';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Privacy Portal' };

export default async function PrivacyPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'privacy.read');
  const s = await getPrivacySummary(ctx);
  return (
    <>
      <PageHeader title="Privacy Portal" description="Fields seen in your events and how they are classified. Matching is exact on normalised keys; there is no fuzzy matching." />
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {[['Inbox (unclassified)', s.inbox], ['Red', s.red], ['Yellow', s.yellow], ['Green', s.green]].map(([label, n]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-1 text-3xl font-semibold">{n}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
