import { json, publicRoute } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { checkDatabase } from '@/lib/server/health/check';
import { healthResponse } from '@/lib/schemas/common';

export const dynamic = 'force-dynamic';

/** Liveness plus database reachability; 503 while the database is down. */
export const GET = publicRoute(
  async () => {
    await checkDatabase();
    return json(healthResponse.parse({ status: 'ok', database: 'up' }));
  },
  { audit: noAudit('liveness probe') },
);
