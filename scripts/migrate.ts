// npm run db:migrate: applies pending migrations to DATABASE_URL or the embedded database.
import path from 'node:path';
import { dbTarget, describeTarget } from '../lib/db/config';
import { openRaw } from '../lib/db/raw';
import { applyMigrations } from '../lib/db/migrate';

async function main() {
  const target = dbTarget();
  const db = await openRaw(target);
  try {
    const r = await applyMigrations(db, path.join(process.cwd(), 'prisma', 'migrations'));
    const what = r.applied.length ? `applied ${r.applied.length} (${r.applied.join(', ')})` : 'up to date';
    console.log(`Migrations: ${what} on ${describeTarget(target)}`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(`Migration failed: ${(e as Error).message}`);
  process.exit(1);
});
