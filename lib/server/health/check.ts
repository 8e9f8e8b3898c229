import 'server-only';
import { getDb } from '@/lib/server/db';

/**
 * The health route's check: one round trip through the console's own database
 * client. (db-probe.ts is the proxy's cheaper probe on a separate connection; it
 * must not pull Prisma into the proxy bundle.)
 */
export async function checkDatabase(): Promise<void> {
  const db = await getDb();
  await db.$queryRaw`SELECT 1`;
}
