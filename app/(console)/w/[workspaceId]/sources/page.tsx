import type { Metadata } from 'next';
import { requirePage } from '@/lib/server/page';
import { listSources } from '@/lib/server/sources';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Sources' };

const TYPE_LABELS: Record<string, string> = { http_api: 'HTTP API', nodejs: 'Node.js', website: 'Website' };

export default async function SourcesPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'sources.read');
  const sources = await listSources(ctx);
  return (
    <>
      <PageHeader title="Sources" description="Where events come from. Each source has its own write key." />
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Sources</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr><th scope="col" className="px-4 py-2">Name</th><th scope="col" className="px-4 py-2">Type</th><th scope="col" className="px-4 py-2">Write key</th><th scope="col" className="px-4 py-2">Status</th></tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} className="border-t border-slate-100">
              <td className="px-4 py-2 font-medium">{s.name}</td>
              <td className="px-4 py-2">{TYPE_LABELS[s.type] ?? s.type}</td>
              <td className="px-4 py-2 font-mono text-xs">{s.writeKeyPrefix ? `${s.writeKeyPrefix}…` : '—'}</td>
              <td className="px-4 py-2">{s.enabled ? 'Enabled' : 'Disabled'}</td>
            </tr>
          ))}
          {sources.length === 0 && <tr><td colSpan={4} className="px-4 py-6 text-center text-slate-500">No sources yet.</td></tr>}
        </tbody>
      </table>
    </>
  );
}
