// Installs a fresh migrated test database as the process database, so server
// modules (which call getDb()) run against it exactly as in production.
import { afterAll, beforeAll } from 'vitest';
import { setDbForProcess } from '@/lib/server/db';
import { createTestDb, type TestDb } from './test-db';

export function useServerDb(): { current: TestDb } {
  const ref = {} as { current: TestDb };
  beforeAll(async () => {
    ref.current = await createTestDb();
    setDbForProcess({ prisma: ref.current.prisma, close: () => ref.current.close() });
  });
  afterAll(async () => {
    await ref.current?.close();
  });
  return ref;
}
