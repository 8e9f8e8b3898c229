// Separate database roles on PostgreSQL (docs/audit-log.md). A table's owner can
// disable its triggers, so if the server ran as the owner of "AuditLog" the
// append-only guard would only stop honest mistakes. Instead:
//   - a migration role (MIGRATION_DATABASE_URL) owns the tables and runs migrations;
//   - the runtime role (DATABASE_URL) gets, after every migration, what the server
//     needs: read and write on the application's tables, but on the audit log and
//     its checkpoints only INSERT and SELECT (no UPDATE, DELETE or TRUNCATE), and
//     as a non-owner it cannot disable a trigger or drop one.
// PGlite has one role; none of this applies there.
import type { RawDb } from './raw';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables whose rows the runtime role may add and read, never change or remove. */
export const APPEND_ONLY_TABLES = ['AuditLog', 'AuditCheckpoint'] as const;

/** Run as the migration role (the tables' owner) after migrating; idempotent. */
export async function grantRuntimeRole(owner: RawDb, role: string): Promise<void> {
  const r = ident(role);
  const appendOnly = APPEND_ONLY_TABLES.map(ident).join(', ');
  await owner.exec(`
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON ${appendOnly} FROM ${r};
    -- audit_append moves the chain head forward; it is never removed.
    REVOKE DELETE, TRUNCATE, TRIGGER, REFERENCES ON "AuditChainHead" FROM ${r};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${r};
  `);
}

export async function currentRole(db: RawDb): Promise<string> {
  const [row] = await db.query<{ role: string }>('SELECT current_user::text AS role');
  return row!.role;
}

interface Powers {
  superuser: boolean;
  owns: boolean;
  can_update: boolean;
  can_delete: boolean;
  can_truncate: boolean;
}

/**
 * What the connected (runtime) role could do to the audit log that it should not:
 * empty when it has only INSERT and SELECT there. npm start prints each as a warning.
 */
export async function runtimeRoleProblems(runtime: RawDb): Promise<string[]> {
  const [p] = await runtime.query<Powers>(
    `SELECT r.rolsuper AS superuser,
       pg_has_role(current_user, c.relowner, 'MEMBER') AS owns,
       has_table_privilege(current_user, c.oid, 'UPDATE') AS can_update,
       has_table_privilege(current_user, c.oid, 'DELETE') AS can_delete,
       has_table_privilege(current_user, c.oid, 'TRUNCATE') AS can_truncate
     FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
     WHERE c.oid = to_regclass('public."AuditLog"')`,
  );
  if (!p) return [];
  const role = await currentRole(runtime);
  const out: string[] = [];
  if (p.superuser)
    out.push(
      `the runtime database role "${role}" is a superuser: it can disable the audit log's append-only triggers.`,
    );
  else if (p.owns)
    out.push(
      `the runtime database role "${role}" owns the audit table "AuditLog": it can disable its append-only triggers.`,
    );
  const extra = [p.can_update && 'UPDATE', p.can_delete && 'DELETE', p.can_truncate && 'TRUNCATE'].filter(Boolean);
  if (!p.superuser && !p.owns && extra.length)
    out.push(`the runtime database role "${role}" has ${extra.join(', ')} on "AuditLog".`);
  return out;
}

export const ROLE_ADVICE =
  'Run the server as a role with only INSERT and SELECT on the audit log, and migrations as the owner ' +
  '(MIGRATION_DATABASE_URL); see docs/audit-log.md, "Database roles". Signed checkpoints still detect a rewrite.';
