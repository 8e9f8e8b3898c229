import 'server-only';
import { getDb } from '@/lib/server/db';
import type { RequestMeta } from '@/lib/server/platform/request-meta';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { revokeSession } from '@/lib/server/sessions/sessions';

export async function revokeSessionByToken(
  token: string,
  reason: 'signed_out' | 'idle',
  meta: RequestMeta,
): Promise<void> {
  const db = await getDb();
  const row = await db.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, userId: true, revokedAt: true },
  });
  if (row && !row.revokedAt) await revokeSession(row.id, reason, meta, row.userId, 'browser');
}
