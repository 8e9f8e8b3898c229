import 'server-only';
import { getDb } from '@/lib/server/db';
import type { Role } from '@/lib/permissions';

/** The workspaces a user belongs to, for the switcher and the post-sign-in redirect. */
export async function listUserWorkspaces(userId: string) {
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
    orderBy: { workspace: { name: 'asc' } },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role as Role }));
}
