import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { disableHashing, updateHashing } from '@/lib/server/destinations/protection/hashing';
import { hashingChangeResult, hashingUpdateInput } from '@/lib/schemas/encryption';

type P = { workspaceId: string; destinationId: string };

// Turn on or edit hashing. When an HMAC secret is created, it is in this response and never again.
export const PUT = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.destinationId, 'Destination');
    const input = await parseBody(req, hashingUpdateInput, 16 * 1024);
    return json(hashingChangeResult.parse(await updateHashing(ctx, id, input)));
  },
  { permission: 'encryption.manage', audit: audited('destination.hashing_enabled', 'destination.hashing_modified') },
);

export const DELETE = withWorkspace<P>(
  async (_req, ctx, p) =>
    json(
      hashingChangeResult.parse({
        state: await disableHashing(ctx, idOr404(p.destinationId, 'Destination')),
        hmacSecret: null,
      }),
    ),
  { permission: 'encryption.manage', audit: audited('destination.hashing_disabled') },
);
