import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { saveFunctionVersion } from '@/lib/server/functions/versions';
import { FUNCTION_BODY_BYTES } from '@/lib/server/functions/limits';
import { functionVersionView, saveVersionInput } from '@/lib/schemas/functions';

// Every save is a version (an identical save answers the latest one and logs nothing).
export const POST = withWorkspace<{ workspaceId: string; functionId: string }>(
  async (req, ctx, p) => {
    const id = idOr404(p.functionId, 'Function');
    const input = await parseBody(req, saveVersionInput, FUNCTION_BODY_BYTES);
    return json(functionVersionView.parse(await saveFunctionVersion(ctx, id, input)));
  },
  { permission: 'functions.write', audit: audited('function.code_saved') },
);
