import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { listFunctions } from '@/lib/server/functions/list';
import { createFunction } from '@/lib/server/functions/create';
import { createFunctionInput, functionList, functionView } from '@/lib/schemas/functions';
import { FUNCTION_BODY_BYTES } from '@/lib/server/functions/limits';

// Every role reaches the list: readers of code (owner, compliance) see every function,
// a member (functions.connect only) the deployed ones. 'functions.connect' alone would
// shut compliance out, so the route asks for workspace access and listFunctions decides.
export const GET = withWorkspace(
  async (_req, ctx) => json(functionList.parse({ functions: await listFunctions(ctx) })),
  {
    permission: 'workspace.read',
    audit: noAudit('names, descriptions and settings declarations; no code, no PHI'),
  },
);

export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, createFunctionInput, FUNCTION_BODY_BYTES);
    return json(functionView.parse(await createFunction(ctx, input)), { status: 201 });
  },
  { permission: 'functions.write', audit: audited('function.created') },
);
