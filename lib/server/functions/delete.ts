import 'server-only';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { AppError } from '@/lib/server/errors';
import { auditedChange } from '@/lib/server/audit/change';
import { functionTarget, lockFunction } from '@/lib/server/functions/views';

const MAX_NAMED = 5;

function isForeignKeyViolation(e: unknown): boolean {
  const o = e as { code?: unknown; cause?: { code?: unknown } } | null;
  return o?.code === 'P2003' || o?.code === '23503' || o?.cause?.code === '23503';
}

function stillConnected(name: string, destinations: { id: string; name: string }[]): AppError {
  const quoted = destinations.slice(0, MAX_NAMED).map((d) => `“${d.name}”`);
  const more = destinations.length - quoted.length;
  const list = more > 0 ? `${quoted.join(', ')} and ${more} more` : quoted.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return new AppError('conflict', `“${name}” is still connected. Disconnect it from ${list} first.`, {
    destinations: destinations.map((d) => ({ id: d.id, name: d.name })),
  });
}

/**
 * Deletes a function and its versions after its exact name was typed. Refused
 * (409) while any destination runs it or uses it as its Insert Function; the
 * foreign keys (ON DELETE RESTRICT) hold the same rule against a connect racing this.
 */
export async function deleteFunction(ctx: WorkspaceCtx, functionId: string, confirmName: string): Promise<void> {
  const workspaceId = ctx.workspace.id;
  await auditedChange(ctx, 'function.deleted', async (tx, audit) => {
    await lockFunction(tx, workspaceId, functionId);
    const using = { where: { workspaceId }, orderBy: { name: 'asc' as const }, select: { id: true, name: true } };
    const f = await tx.userFunction.findFirstOrThrow({
      where: { id: functionId, workspaceId },
      select: {
        name: true,
        kind: true,
        deployedVersion: { select: { number: true } },
        _count: { select: { versions: true } },
        destinations: using,
        insertDestinations: using,
      },
    });
    if (confirmName !== f.name)
      throw new AppError('validation_failed', 'The name you typed does not match the function name.', {
        fields: [{ path: 'confirmName', message: 'Type the exact function name.' }],
      });
    const connected = [...f.destinations, ...f.insertDestinations];
    if (connected.length) throw stillConnected(f.name, connected);
    try {
      await tx.userFunction.deleteMany({ where: { id: functionId, workspaceId } });
    } catch (e) {
      if (isForeignKeyViolation(e))
        throw new AppError('conflict', `“${f.name}” was connected to a destination meanwhile. Disconnect it first.`);
      throw e;
    }
    audit.record({
      target: functionTarget(functionId),
      changes: {
        name: f.name,
        kind: f.kind,
        versions: f._count.versions,
        deployedVersion: f.deployedVersion?.number ?? null,
      },
    });
  });
}
