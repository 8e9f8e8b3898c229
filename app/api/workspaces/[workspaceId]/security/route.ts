import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { setRequireMfa } from '@/lib/server/workspaces/security';
import { securityInput } from '@/lib/schemas/members';
import { securityResponse } from '@/lib/schemas/workspaces';

export const PATCH = withWorkspace(
  async (req, ctx) => {
    const { requireMfa } = await parseBody(req, securityInput);
    await setRequireMfa(ctx, requireMfa);
    return json(securityResponse.parse({ requireMfa }));
  },
  { permission: 'security.manage', audit: audited('workspace.settings_modified') },
);
