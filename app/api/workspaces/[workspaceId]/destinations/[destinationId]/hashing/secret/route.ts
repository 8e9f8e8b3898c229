import { withWorkspace, json } from '@/lib/server/http';
import { idOr404 } from '@/lib/server/names';
import { rotateHashSecret } from '@/lib/server/encryption/hashing';

// Rotate the per-destination HMAC secret; the new one is shown once, in this response.
export const POST = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (_req, ctx, p) => json(await rotateHashSecret(ctx, idOr404(p.destinationId, 'Destination'))),
  { permission: 'encryption.manage' },
);
