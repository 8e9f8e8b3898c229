import { getDb } from '@/lib/server/db';
import { errorResponse, json } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Liveness plus database reachability; 503 while the database is down. */
export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return json({ status: 'ok', database: 'up' });
  } catch (e) {
    return errorResponse(e);
  }
}
