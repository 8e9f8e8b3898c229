import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getSource } from '@/lib/server/sources/sources';
import { SourceDebugger } from '@/components/debugger/source-debugger';
import { sourceView } from '@/lib/schemas/sources';

export const metadata: Metadata = { title: 'Source debugger' };

export default workspacePage<{ workspaceId: string; sourceId: string }>(
  { permission: 'debugger.read', audit: noAudit('page shell; its data comes from the audited API routes') },
  async (ctx, { params: { workspaceId, sourceId } }) => {
    const source = sourceView.parse(await getSource(ctx, idOr404(sourceId, 'Source')));
    return (
      <section aria-labelledby="debugger-heading">
        <h2 id="debugger-heading" className="sr-only">
          Debugger
        </h2>
        <SourceDebugger workspaceId={workspaceId} sourceId={source.id} canUnmask={ctx.can('pii.unmasked')} />
      </section>
    );
  },
);
