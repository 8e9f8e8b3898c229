import 'server-only';
// A direct line to the database for standalone audit appends, bypassing the
// Prisma client. Why: an audited read waits for its audit row, and on a 50-row
// read Prisma's per-query client overhead (~0.3 ms) is a third of the whole
// read; sending the one `SELECT audit_append(...)` straight to the driver keeps
// the audited read within the 1.3x budget. Only top-level clients are
// registered; an interactive transaction (Tx) is never in this map, so appends
// inside a transaction always go through it and commit or roll back with it.

export type AuditSqlRunner = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

// On globalThis, like the database handle itself (lib/server/db.ts): the production
// server loads lib/ twice (Next's bundles and the /v1 fast path), and whichever copy
// creates the client, the other must find its writer.
const g = globalThis as unknown as { __pcAuditWriters?: WeakMap<object, AuditSqlRunner> };
const runners = (g.__pcAuditWriters ??= new WeakMap<object, AuditSqlRunner>());

/** Called where a client is created (createDb, createTestDb) with that client's own pool/connection. */
export function registerAuditWriter(client: object, run: AuditSqlRunner): void {
  runners.set(client, run);
}

export function auditWriterFor(client: object): AuditSqlRunner | undefined {
  return runners.get(client);
}
