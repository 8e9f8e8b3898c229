import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/access';

export async function listDestinations(ctx: WorkspaceCtx) {
  const db = await getDb();
  return db.destination.findMany({
    where: { workspaceId: ctx.workspace.id },
    orderBy: { name: 'asc' },
    select: {
      id: true, name: true, catalogId: true, enabled: true, baaOverride: true, encryptionEnabled: true, hashingEnabled: true,
      encryptedFields: true, hashedFields: true, source: { select: { id: true, name: true } },
    },
  });
}
