import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { settingsOf } from '@/lib/server/functions/deployed';
import { checkForSave } from '@/lib/server/functions/check';
import { versionSavedChanges } from '@/lib/server/functions/code-diff';
import { functionTarget, isDeployable, lockFunction, readVersionView } from '@/lib/server/functions/views';
import type { FunctionVersionView, SaveVersionInput } from '@/lib/schemas/functions';

/**
 * Every save is a new version N+1, errors and all: a version with syntax errors
 * is stored (with line and column) so the editor can show it, but deploy refuses
 * it. A save identical to the latest version's code and settings creates nothing,
 * logs nothing and answers the latest version. Saving never changes what runs:
 * connected destinations run the deployed version until the next explicit deploy.
 */
export async function saveFunctionVersion(
  ctx: WorkspaceCtx,
  functionId: string,
  input: SaveVersionInput,
): Promise<FunctionVersionView> {
  const workspaceId = ctx.workspace.id;
  const check = await checkForSave(input.code);
  return auditedChange(ctx, 'function.code_saved', async (tx, audit) => {
    await lockFunction(tx, workspaceId, functionId);
    const latest = await tx.userFunctionVersion.findFirstOrThrow({
      where: { functionId, workspaceId },
      orderBy: { number: 'desc' },
      select: { id: true, number: true, code: true, settingsSchema: true },
    });
    const settings = settingsOf(latest.settingsSchema);
    // Both sides went through the same zod schema, so equal declarations serialise alike.
    if (latest.code === input.code && JSON.stringify(settings) === JSON.stringify(input.settings)) {
      return readVersionView(tx, workspaceId, functionId, latest.id);
    }
    const number = latest.number + 1;
    const created = await tx.userFunctionVersion.create({
      data: {
        workspaceId,
        functionId,
        number,
        code: input.code,
        settingsSchema: input.settings as Prisma.InputJsonArray,
        handlers: check.handlers,
        errors: check.errors as unknown as Prisma.InputJsonArray,
        authorId: ctx.user.id,
      },
      select: { id: true },
    });
    await tx.userFunction.updateMany({ where: { id: functionId, workspaceId }, data: { updatedAt: new Date() } });
    audit.record({
      target: functionTarget(functionId),
      changes: versionSavedChanges(
        { number: latest.number, code: latest.code, settings },
        { number, code: input.code, settings: input.settings },
        { deployable: isDeployable(check), ...(check.errors.length ? { syntaxErrors: check.errors.length } : {}) },
      ),
    });
    return readVersionView(tx, workspaceId, functionId, created.id);
  });
}
