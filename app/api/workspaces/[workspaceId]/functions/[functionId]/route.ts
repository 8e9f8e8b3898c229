import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getFunction } from '@/lib/server/functions/view';
import { updateFunction } from '@/lib/server/functions/update';
import { deleteFunction } from '@/lib/server/functions/delete';
import { functionView, updateFunctionInput } from '@/lib/schemas/functions';
import { confirmNameInput } from '@/lib/schemas/names';
import { deletedResponse } from '@/lib/schemas/common';

type P = { workspaceId: string; functionId: string };

export const GET = withWorkspace<P>(
  async (_req, ctx, p) => json(functionView.parse(await getFunction(ctx, idOr404(p.functionId, 'Function')))),
  {
    permission: 'functions.read',
    audit: noAudit('code and settings declarations; setting values live on destinations'),
  },
);

export const PATCH = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.functionId, 'Function');
    const input = await parseBody(req, updateFunctionInput);
    return json(functionView.parse(await updateFunction(ctx, id, input)));
  },
  { permission: 'functions.write', audit: audited('function.modified') },
);

export const DELETE = withWorkspace<P>(
  async (req, ctx, p) => {
    const id = idOr404(p.functionId, 'Function');
    const { confirmName } = await parseBody(req, confirmNameInput);
    await deleteFunction(ctx, id, confirmName);
    return json(deletedResponse.parse({ deleted: true }));
  },
  { permission: 'functions.write', audit: audited('function.deleted') },
);
