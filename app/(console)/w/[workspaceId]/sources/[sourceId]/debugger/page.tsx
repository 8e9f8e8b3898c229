import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SourceDebugger } from '@/components/debugger/source-debugger';
import { loadSourcePage, type SourceParams } from '../load';

export const metadata: Metadata = { title: 'Source debugger' };

export default async function SourceDebuggerPage({ params }: { params: SourceParams }) {
  const { ctx, workspaceId, source } = await loadSourcePage(params);
  if (!ctx.can('debugger.read')) notFound();
  return (
    <section aria-labelledby="debugger-heading">
      <h2 id="debugger-heading" className="sr-only">Debugger</h2>
      <SourceDebugger workspaceId={workspaceId} sourceId={source.id} canUnmask={ctx.can('pii.unmasked')} />
    </section>
  );
}
