// Builds real request contexts for server-function tests: a real session row,
// real membership lookup (so tenant scope and roles are exercised, not faked).
import { getDb } from '@/lib/server/db';
import { createSession, validateSession } from '@/lib/server/sessions/sessions';
import { loadWorkspaceCtx } from '@/lib/server/context/workspace';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

export const testMeta: RequestMeta = { ip: '127.0.0.1', userAgent: 'vitest', requestId: 'test-request' };

export async function sessionCtxFor(email: string): Promise<SessionCtx> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const token = await createSession(user.id, testMeta, false);
  const session = await validateSession(token, testMeta, true);
  return { session, user: session.user, meta: testMeta };
}

export async function ctxFor(email: string, workspaceSlug: string): Promise<WorkspaceCtx> {
  const db = await getDb();
  const ws = await db.workspace.findUniqueOrThrow({ where: { slug: workspaceSlug } });
  return loadWorkspaceCtx(await sessionCtxFor(email), ws.id);
}

export async function workspaceId(slug: string): Promise<string> {
  const db = await getDb();
  return (await db.workspace.findUniqueOrThrow({ where: { slug } })).id;
}
