import { withWorkspace, json } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { rotateHashSecret } from '@/lib/server/destinations/protection/hashing';
import { hashingChangeResult } from '@/lib/schemas/encryption';

// Rotate the per-destination HMAC secret; the new one is shown once, in this response.
export const POST = withWorkspace<{ workspaceId: string; destinationId: string }>(
  async (_req, ctx, p) =>
    json(hashingChangeResult.parse(await rotateHashSecret(ctx, idOr404(p.destinationId, 'Destination')))),
  { permission: 'encryption.manage', audit: audited('destination.hash_secret_rotated') },
);
