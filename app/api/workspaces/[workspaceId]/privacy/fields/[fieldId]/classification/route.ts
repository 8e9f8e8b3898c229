import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { classifyField } from '@/lib/server/privacy/inventory';
import { classifiedFieldResponse, classifyFieldInput } from '@/lib/schemas/privacy';

type P = { workspaceId: string; fieldId: string };

// "Add to Inventory" from the Inbox, or reclassify from the Inventory (owners only).
export const PUT = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.fieldId, 'Field');
    const { color } = await parseBody(req, classifyFieldInput);
    return json(classifiedFieldResponse.parse(await classifyField(ctx, id, color)));
  },
  { permission: 'privacy.classify', audit: audited('privacy.field_classified') },
);
