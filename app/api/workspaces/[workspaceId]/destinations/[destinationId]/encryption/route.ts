import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { disableEncryption, updateEncryption, viewEncryption } from '@/lib/server/destinations/protection/encryption';
import { encryptionStateView, encryptionUpdateInput } from '@/lib/schemas/encryption';

type P = { workspaceId: string; destinationId: string };

// Audited read: "Destination Encryption Settings Viewed" is committed before the answer.
export const GET = withWorkspace<P>(
  async (_req, ctx, p) =>
    json(encryptionStateView.parse(await viewEncryption(ctx, idOr404(p.destinationId, 'Destination')))),
  { permission: 'destinations.read', audit: phiRead('destination.encryption_viewed') },
);

// Turn on (with a public key), edit fields, or rotate to a new public key. Only SPKI public keys are accepted.
export const PUT = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const input = await parseBody(req, encryptionUpdateInput, 32 * 1024);
    return json(encryptionStateView.parse(await updateEncryption(ctx, id, input)));
  },
  {
    permission: 'encryption.manage',
    audit: audited(
      'destination.encryption_enabled',
      'destination.encryption_fields_modified',
      'destination.encryption_keys_regenerated',
    ),
  },
);

// "Turn off data encryption?" → Confirm.
export const DELETE = withWorkspace<P>(
  async (_req, ctx, p) =>
    json(encryptionStateView.parse(await disableEncryption(ctx, idOr404(p.destinationId, 'Destination')))),
  { permission: 'encryption.manage', audit: audited('destination.encryption_disabled') },
);
