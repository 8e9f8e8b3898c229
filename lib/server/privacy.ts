import 'server-only';
import { getDb } from '@/lib/server/db';
import type { WorkspaceCtx } from '@/lib/server/access';

export async function getPrivacySummary(ctx: WorkspaceCtx) {
  const db = await getDb();
  const groups = await db.observedField.groupBy({ by: ['classification'], where: { workspaceId: ctx.workspace.id }, _count: { _all: true } });
  const n = (c: string | null) => groups.find((g) => g.classification === c)?._count._all ?? 0;
  return { inbox: n(null), red: n('red'), yellow: n('yellow'), green: n('green') };
}
