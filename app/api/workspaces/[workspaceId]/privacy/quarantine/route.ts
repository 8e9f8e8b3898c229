import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { setQuarantine } from '@/lib/server/privacy/controls';
import { quarantineInput, quarantineResponse } from '@/lib/schemas/privacy';

export const PUT = withWorkspace(
  async (req, ctx) => {
    const { enabled } = await parseBody(req, quarantineInput);
    return json(quarantineResponse.parse(await setQuarantine(ctx, enabled)));
  },
  { permission: 'privacy.classify', audit: audited('workspace.settings_modified') },
);
