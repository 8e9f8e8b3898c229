import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { rotateWriteKey } from '@/lib/server/sources/sources';
import { rotatedWriteKeyResponse, rotateWriteKeyInput } from '@/lib/schemas/sources';

// Rotation: the new key is in this response once; earlier keys expire after the chosen grace period.
export const POST = withWorkspace<{ workspaceId: string; sourceId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.sourceId, 'Source');
    const { gracePeriod } = await parseBody(req, rotateWriteKeyInput);
    return json(rotatedWriteKeyResponse.parse(await rotateWriteKey(ctx, id, gracePeriod)), { status: 201 });
  },
  { permission: 'sources.write', audit: audited('source.write_key_rotated') },
);
