import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getSource } from '@/lib/server/sources/sources';
import { SourceSettings } from '@/components/sources/source-settings';
import { sourceView } from '@/lib/schemas/sources';

export const metadata: Metadata = { title: 'Source settings' };

export default workspacePage<{ workspaceId: string; sourceId: string }>(
  { permission: 'sources.read', audit: noAudit('source settings form; saved through the audited API') },
  async (ctx, { params: { workspaceId, sourceId } }) => {
    const source = sourceView.parse(await getSource(ctx, idOr404(sourceId, 'Source')));
    return <SourceSettings workspaceId={workspaceId} initial={source} />;
  },
);
