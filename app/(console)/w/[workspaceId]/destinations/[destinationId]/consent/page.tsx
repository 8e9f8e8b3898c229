import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getDestinationConsent } from '@/lib/server/destinations/view';
import { ConsentEditor } from '@/components/destinations/consent-editor';
import { z } from 'zod';
import { consentCategory } from '@/lib/schemas/destinations';

export const metadata: Metadata = { title: 'Destination consent' };

export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: noAudit('consent categories; no PHI values') },
  async (ctx, { params: { workspaceId, destinationId } }) => {
    const data = z
      .array(consentCategory)
      .parse(await getDestinationConsent(ctx, idOr404(destinationId, 'Destination')));
    return <ConsentEditor workspaceId={workspaceId} destinationId={destinationId} initial={data} />;
  },
);
