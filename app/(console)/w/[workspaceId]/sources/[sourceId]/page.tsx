import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getSource } from '@/lib/server/sources/sources';
import { SourceOverview } from '@/components/sources/source-overview';
import { sourceView } from '@/lib/schemas/sources';

export const metadata: Metadata = { title: 'Source' };

export default workspacePage<{ workspaceId: string; sourceId: string }>(
  { permission: 'sources.read', audit: noAudit('source overview; no PHI values') },
  async (ctx, { params: { workspaceId, sourceId } }) => {
    const source = sourceView.parse(await getSource(ctx, idOr404(sourceId, 'Source')));
    return <SourceOverview workspaceId={workspaceId} initial={source} />;
  },
);
