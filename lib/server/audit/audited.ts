import 'server-only';
import type { Db } from '@/lib/server/db';
import { recordAudit, type AuditEntry } from '@/lib/server/audit/record';
import { checkDeclared } from '@/lib/server/audit/route-scope';

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
  checkDeclared(entry.eventType);
  const audit = recordAudit(db, entry);
  const data = read();
  // Never leave a rejection unobserved when the audit fails first.
  data.catch(() => {});
  await audit;
  return data;
}
