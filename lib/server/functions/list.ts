import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { functionRowSelect, listItemOf } from '@/lib/server/functions/views';
import type { FunctionListItem } from '@/lib/schemas/functions';

/**
 * The Functions tab. Readers of code (owner, compliance) see every function;
 * a role that may only connect (member) sees the deployed ones, which is all
 * Connect can offer. List items never carry code.
 */
export async function listFunctions(ctx: WorkspaceCtx): Promise<FunctionListItem[]> {
  const all = ctx.can('functions.read');
  if (!all && !ctx.can('functions.connect')) throw new AppError('forbidden', 'Your role does not allow this action.');
  const db = await getDb();
  const rows = await db.userFunction.findMany({
    where: { workspaceId: ctx.workspace.id, ...(all ? {} : { deployedVersionId: { not: null } }) },
    orderBy: { name: 'asc' },
    select: functionRowSelect(ctx.workspace.id),
  });
  return rows.map(listItemOf);
}
