import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { viewEncryption } from '@/lib/server/destinations/protection/encryption';
import { EncryptionTab } from '@/components/destinations/encryption/encryption-tab';
import { encryptionStateView } from '@/lib/schemas/encryption';

export const metadata: Metadata = { title: 'Data encryption' };

// Audited read: "Destination Encryption Settings Viewed" is committed before the tab renders.
export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: phiRead('destination.encryption_viewed') },
  async (ctx, { params: { workspaceId, destinationId } }) => {
    const data = encryptionStateView.parse(await viewEncryption(ctx, idOr404(destinationId, 'Destination')));
    return <EncryptionTab workspaceId={workspaceId} initial={data} />;
  },
);
