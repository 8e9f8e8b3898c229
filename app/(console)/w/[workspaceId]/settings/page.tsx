import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/page';
import { eligibilityGaps, getActiveBaa } from '@/lib/server/workspaces';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'settings.read');
  const baa = await getActiveBaa(workspaceId);
  const gaps = eligibilityGaps(baa);
  return (
    <>
      <PageHeader title="Settings" />
      <section aria-labelledby="general-settings" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="general-settings" className="text-lg font-semibold">General Settings</h2>
        <dl className="mt-4 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-600">Workspace name</dt><dd>{ctx.workspace.name}</dd>
          <dt className="text-slate-600">Workspace slug</dt><dd className="font-mono">{ctx.workspace.slug}</dd>
          <dt className="text-slate-600">Workspace ID</dt><dd className="font-mono">{ctx.workspace.id}</dd>
        </dl>
        <div className="mt-6">
          {ctx.workspace.hipaaEligible ? (
            <div role="status" aria-label="HIPAA Eligible" className="flex items-start gap-3 rounded-md border border-brand-600/30 bg-brand-50 p-4">
              <span aria-hidden className="mt-0.5 rounded bg-brand-600 px-2 py-0.5 text-xs font-bold text-white">HIPAA</span>
              <div>
                <p className="font-semibold text-brand-800">HIPAA Eligible — This workspace is HIPAA Eligible</p>
                {baa && <p className="text-sm text-slate-700">BAA signed {baa.signedAt.toISOString().slice(0, 10)} by {baa.signatory} ({baa.planTier} plan).</p>}
              </div>
            </div>
          ) : (
            <div role="status" className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
              <p className="font-semibold">This workspace is not HIPAA eligible</p>
              <ul className="mt-1 list-disc pl-5 text-slate-700">{gaps.map((g) => <li key={g}>{g}</li>)}</ul>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
