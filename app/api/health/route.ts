import { getDb } from '@/lib/server/db';
import { json, publicRoute } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';

export const dynamic = 'force-dynamic';

/** Liveness plus database reachability; 503 while the database is down. */
export const GET = publicRoute(
  async () => {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return json({ status: 'ok', database: 'up' });
  },
  { audit: noAudit('liveness probe') },
);
