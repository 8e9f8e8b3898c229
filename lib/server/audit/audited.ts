import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { recordAudit, type AuditActor, type AuditDetails, type AuditEntry } from '@/lib/server/audit/record';

/**
 * Audited read (fail closed). The audit row is committed on its own before the
 * caller gets any data back; if it cannot be written this throws
 * AppError('audit_unavailable') and the data read is dropped unseen.
 *
 * The read runs concurrently with the audit write rather than after it: nothing
 * leaves the server until both are done, so the guarantee ("committed before any
 * PHI is sent") holds, and the audited read costs max(read, audit) instead of
 * read + audit. An access attempt whose read then fails is still logged, which is
 * what a reviewer wants to see.
 */
export async function auditedRead<T>(db: Db, entry: AuditEntry, read: () => Promise<T>): Promise<T> {
  const audit = recordAudit(db, entry);
  const data = read();
  // Never leave a rejection unobserved when the audit fails first.
  data.catch(() => {});
  await audit;
  return data;
}

export interface AuditedChange<T> {
  value: T;
  /** null when nothing changed: a save that changes nothing logs nothing. */
  audit: AuditDetails | null;
}

/**
 * Update + audit in one transaction: the change and its audit row commit together
 * or not at all. `change` runs first; the audit row is written last so the
 * workspace's chain head is locked for as short a time as possible.
 */
export async function auditedUpdate<T>(
  db: Db,
  actor: AuditActor,
  change: (tx: Tx) => Promise<AuditedChange<T>>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const { value, audit } = await change(tx);
    if (audit) await recordAudit(tx, { ...actor, ...audit });
    return value;
  });
}

