import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { viewDestinationSettings } from '@/lib/server/destinations/view';
import { DestinationSettings } from '@/components/destinations/destination-settings';
import { destinationView } from '@/lib/schemas/destinations';

export const metadata: Metadata = { title: 'Destination settings' };

// PHI-bearing screen: the settings read writes "Destination Settings Viewed" before rendering.
export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: phiRead('destination.settings_viewed') },
  async (ctx, { params: { workspaceId, destinationId } }) => {
    const data = destinationView.parse(await viewDestinationSettings(ctx, idOr404(destinationId, 'Destination')));
    return <DestinationSettings workspaceId={workspaceId} initial={data} />;
  },
);
