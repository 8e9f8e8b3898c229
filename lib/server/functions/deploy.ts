import 'server-only';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { AppError } from '@/lib/server/errors';
import { auditedChange } from '@/lib/server/audit/change';
import { errorsOf, functionTarget, lockFunction, readFunctionView } from '@/lib/server/functions/views';
import type { FunctionView } from '@/lib/schemas/functions';

export interface Deployed {
  view: FunctionView;
  /** Destinations that run or use the function: their delivery runtimes must be rebuilt. Empty when nothing changed. */
  destinationIds: string[];
}

const refuse = (message: string) =>
  new AppError('validation_failed', message, { fields: [{ path: 'versionId', message }] });

/**
 * Makes one of this function's versions the one connected destinations run.
 * A version with syntax errors, or one that defines no handler, is refused.
 * Deploying the version already deployed changes nothing and logs nothing.
 *
 * The caller rebuilds the delivery runtimes of `destinationIds` (destinations/
 * depends on functions/, so this folder cannot reach into it).
 */
export async function deployFunction(ctx: WorkspaceCtx, functionId: string, versionId: string): Promise<Deployed> {
  const workspaceId = ctx.workspace.id;
  return auditedChange(ctx, 'function.deployed', async (tx, audit) => {
    await lockFunction(tx, workspaceId, functionId);
    const f = await tx.userFunction.findFirstOrThrow({
      where: { id: functionId, workspaceId },
      select: { deployedVersionId: true, deployedVersion: { select: { number: true } } },
    });
    const v = await tx.userFunctionVersion.findFirst({
      where: { id: versionId, functionId, workspaceId },
      select: { id: true, number: true, handlers: true, errors: true },
    });
    if (!v)
      throw new AppError('not_found', 'Version not found.', {
        fields: [{ path: 'versionId', message: 'Pick a version of this function.' }],
      });
    const errors = errorsOf(v.errors);
    if (errors.length) {
      const e = errors[0]!;
      throw refuse(
        `Version ${v.number} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`} (line ${e.line}, column ${e.column}: ${e.message}). Fix the code and save a new version.`,
      );
    }
    if (!v.handlers.length) throw refuse(`Version ${v.number} defines no handler, so it would never run.`);
    if (f.deployedVersionId === v.id)
      return { view: await readFunctionView(tx, workspaceId, functionId), destinationIds: [] };

    await tx.userFunction.updateMany({
      where: { id: functionId, workspaceId },
      data: { deployedVersionId: v.id, deployedAt: new Date() },
    });
    const using = await tx.destination.findMany({
      where: { workspaceId, OR: [{ functionId }, { insertFunctionId: functionId }] },
      select: { id: true },
    });
    audit.diff({
      target: functionTarget(functionId),
      before: { deployedVersion: f.deployedVersion?.number ?? null },
      after: { deployedVersion: v.number },
      fields: ['deployedVersion'],
      extra: { destinations: using.length },
    });
    return { view: await readFunctionView(tx, workspaceId, functionId), destinationIds: using.map((d) => d.id) };
  });
}
