import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { phiRead } from '@/lib/server/audit/route-scope';
import { AppError } from '@/lib/server/errors';
import { idOr404 } from '@/lib/server/platform/names';
import { listDestinations } from '@/lib/server/destinations/view';
import { viewEncryption } from '@/lib/server/destinations/protection/encryption';
import { FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { EncryptionTab } from '@/components/destinations/encryption/encryption-tab';
import { FunctionEncryptionNote } from '@/components/functions/function-encryption-note';
import { encryptionStateView } from '@/lib/schemas/encryption';

export const metadata: Metadata = { title: 'Data encryption' };

// Audited read: "Destination Encryption Settings Viewed" is committed before the tab renders.
// A Destination Function has no built-in encryption (the server refuses it): the tab explains
// that instead, and reads no encryption state.
export default workspacePage<{ workspaceId: string; destinationId: string }>(
  { permission: 'destinations.read', audit: phiRead('destination.encryption_viewed') },
  async (ctx, { params: { workspaceId, destinationId } }) => {
    const id = idOr404(destinationId, 'Destination');
    const row = (await listDestinations(ctx)).find((d) => d.id === id);
    if (!row) throw new AppError('not_found', 'Destination not found.');
    if (row.catalogId === FUNCTION_CATALOG_ID) {
      return <FunctionEncryptionNote workspaceId={workspaceId} destinationId={id} />;
    }
    const data = encryptionStateView.parse(await viewEncryption(ctx, id));
    return <EncryptionTab workspaceId={workspaceId} initial={data} />;
  },
);
