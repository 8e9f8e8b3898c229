import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/access';

export async function listSources(ctx: WorkspaceCtx) {
  const db = await getDb();
  const now = new Date();
  const rows = await db.source.findMany({
    where: { workspaceId: ctx.workspace.id },
    orderBy: { name: 'asc' },
    select: {
      id: true, name: true, type: true, enabled: true, blockRed: true, createdAt: true,
      writeKeys: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, orderBy: { createdAt: 'desc' }, select: { prefix: true }, take: 1 },
    },
  });
  return rows.map(({ writeKeys, ...s }) => ({ ...s, writeKeyPrefix: writeKeys[0]?.prefix ?? null }));
}
