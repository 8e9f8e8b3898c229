import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/page';
import { listDestinations } from '@/lib/server/destinations';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Destinations' };

export default async function DestinationsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'destinations.read');
  const rows = await listDestinations(ctx);
  return (
    <>
      <PageHeader title="My destinations" description="Where events go, and how PHI is protected before it leaves." />
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Destinations</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr><th scope="col" className="px-4 py-2">Name</th><th scope="col" className="px-4 py-2">Type</th><th scope="col" className="px-4 py-2">Source</th><th scope="col" className="px-4 py-2">Status</th></tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-t border-slate-100">
              <td className="px-4 py-2 font-medium">{d.name}</td>
              <td className="px-4 py-2">{d.catalogId}</td>
              <td className="px-4 py-2">{d.source.name}</td>
              <td className="px-4 py-2">{d.enabled ? 'Enabled' : 'Disabled'}</td>
            </tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={4} className="px-4 py-6 text-center text-slate-500">No destinations yet.</td></tr>}
        </tbody>
      </table>
    </>
  );
}
