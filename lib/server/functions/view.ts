import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { notFoundFunction, readFunctionView, readVersionView } from '@/lib/server/functions/views';
import type { FunctionVersionView, FunctionView } from '@/lib/schemas/functions';

export async function getFunction(ctx: WorkspaceCtx, functionId: string): Promise<FunctionView> {
  return readFunctionView(await getDb(), ctx.workspace.id, functionId);
}

/** Any saved version, for the editor's history and its diff between two versions. */
export async function getFunctionVersion(
  ctx: WorkspaceCtx,
  functionId: string,
  versionId: string,
): Promise<FunctionVersionView> {
  const db = await getDb();
  // The function first, so that another workspace's function id is "Function not found" like a missing one.
  const f = await db.userFunction.findFirst({
    where: { id: functionId, workspaceId: ctx.workspace.id },
    select: { id: true },
  });
  if (!f) throw notFoundFunction();
  return readVersionView(db, ctx.workspace.id, functionId, versionId);
}
