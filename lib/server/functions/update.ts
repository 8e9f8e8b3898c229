import 'server-only';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import {
  assertFunctionNameFree,
  functionTarget,
  notFoundFunction,
  readFunctionView,
} from '@/lib/server/functions/views';
import type { FunctionView, UpdateFunctionInput } from '@/lib/schemas/functions';

const logoChange = (before: string | null, after: string | null) =>
  before === after ? null : before === null ? 'added' : after === null ? 'removed' : 'changed';

/**
 * Name, description and logo. The audit row is a before/after of the name and
 * description; the logo is recorded as added/changed/removed, never as its data URL.
 * A save that changes nothing logs nothing.
 */
export async function updateFunction(
  ctx: WorkspaceCtx,
  functionId: string,
  input: UpdateFunctionInput,
): Promise<FunctionView> {
  const workspaceId = ctx.workspace.id;
  return auditedChange(ctx, 'function.modified', async (tx, audit) => {
    const before = await tx.userFunction.findFirst({
      where: { id: functionId, workspaceId },
      select: { name: true, description: true, logo: true },
    });
    if (!before) throw notFoundFunction();
    const after = {
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      logo: input.logo === undefined ? before.logo : input.logo,
    };
    const logo = logoChange(before.logo, after.logo);
    const fields = (['name', 'description'] as const).filter((k) => before[k] !== after[k]);
    if (!fields.length && !logo) return readFunctionView(tx, workspaceId, functionId);
    if (after.name !== before.name) await assertFunctionNameFree(tx, workspaceId, after.name, functionId);
    await uniqueOr409('That function name', () =>
      tx.userFunction.updateMany({ where: { id: functionId, workspaceId }, data: after }),
    );
    const pick = (o: typeof before) => Object.fromEntries(fields.map((k) => [k, o[k]]));
    audit.record({
      target: functionTarget(functionId),
      changes: { before: pick(before), after: pick(after), ...(logo ? { logo } : {}) },
    });
    return readFunctionView(tx, workspaceId, functionId);
  });
}
