// npm run db:migrate: applies pending migrations to DATABASE_URL or the embedded database.
//
// PostgreSQL with separate roles (docs/audit-log.md): MIGRATION_DATABASE_URL is the
// role that owns the tables and runs the migrations; DATABASE_URL is the runtime role,
// which is then granted what the server needs (only INSERT and SELECT on the audit
// log). Either way the runtime role is checked, and npm start (which runs this first)
// warns when it could rewrite the audit log.
import path from 'node:path';
import { dbTarget, describeTarget, type DbTarget } from '../lib/db/config';
import { openRaw } from '../lib/db/raw';
import { applyMigrations } from '../lib/db/migrate';
import { currentRole, grantRuntimeRole, ROLE_ADVICE, runtimeRoleProblems } from '../lib/db/roles';

async function main() {
  const target = dbTarget();
  const migrationUrl = target.kind === 'postgres' ? process.env.MIGRATION_DATABASE_URL?.trim() : undefined;
  const ownerTarget: DbTarget = migrationUrl ? { kind: 'postgres', url: migrationUrl } : target;
  const db = await openRaw(ownerTarget);
  try {
    const r = await applyMigrations(db, path.join(process.cwd(), 'prisma', 'migrations'));
    const what = r.applied.length ? `applied ${r.applied.length} (${r.applied.join(', ')})` : 'up to date';
    console.log(`Migrations: ${what} on ${describeTarget(target)}`);
    if (target.kind !== 'postgres') return;
    const runtime = migrationUrl ? await openRaw(target) : db;
    try {
      if (migrationUrl) {
        const [owner, role] = [await currentRole(db), await currentRole(runtime)];
        if (role !== owner) {
          await grantRuntimeRole(db, role);
          console.log(`Runtime role "${role}" granted its privileges (audit log: INSERT and SELECT only).`);
        }
      }
      const problems = await runtimeRoleProblems(runtime);
      for (const p of problems) console.warn(`Warning: ${p}`);
      if (problems.length) console.warn(`         ${ROLE_ADVICE}`);
    } finally {
      if (runtime !== db) await runtime.close();
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(`Migration failed: ${(e as Error).message}`);
  process.exit(1);
});
