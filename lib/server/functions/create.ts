import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { checkForSave } from '@/lib/server/functions/check';
import { settingsChanges } from '@/lib/server/functions/code-diff';
import { assertFunctionNameFree, functionTarget, isDeployable, readFunctionView } from '@/lib/server/functions/views';
import type { CreateFunctionInput, FunctionView } from '@/lib/schemas/functions';

/**
 * A new function with its version 1 (the code and settings declaration from the
 * editor). The version stores what the syntax check found, so a version with
 * errors is kept and shown but cannot be deployed. The audit row names the
 * function and its version; code appears in the trail only as the diffs of later saves.
 */
export async function createFunction(ctx: WorkspaceCtx, input: CreateFunctionInput): Promise<FunctionView> {
  const check = await checkForSave(input.code);
  const workspaceId = ctx.workspace.id;
  return auditedChange(ctx, 'function.created', async (tx, audit) => {
    await assertFunctionNameFree(tx, workspaceId, input.name);
    const f = await uniqueOr409('That function name', () =>
      tx.userFunction.create({
        data: {
          workspaceId,
          kind: input.kind,
          name: input.name,
          description: input.description,
          logo: input.logo ?? null,
          createdById: ctx.user.id,
        },
        select: { id: true },
      }),
    );
    await tx.userFunctionVersion.create({
      data: {
        workspaceId,
        functionId: f.id,
        number: 1,
        code: input.code,
        settingsSchema: input.settings as Prisma.InputJsonArray,
        handlers: check.handlers,
        errors: check.errors as unknown as Prisma.InputJsonArray,
        authorId: ctx.user.id,
      },
    });
    audit.record({
      target: functionTarget(f.id),
      changes: {
        name: input.name,
        kind: input.kind,
        version: 1,
        deployable: isDeployable(check),
        ...(input.logo ? { logo: 'added' } : {}),
        ...settingsChanges([], input.settings),
      },
    });
    return readFunctionView(tx, workspaceId, f.id);
  });
}
