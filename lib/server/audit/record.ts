import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { log } from '@/lib/server/log';
import type { AuditEventType } from '@/lib/audit-events';
import { sanitizeChanges } from '@/lib/server/audit/sanitize';
import { directSqlFor } from '@/lib/server/db';

export type AuditActorType = 'user' | 'system' | 'api_key' | 'anonymous';

/** Who did it and from where; the same for every row a request writes (see auditActor in access.ts). */
export interface AuditActor {
  workspaceId: string | null;
  actorUserId: string | null;
  actorType: AuditActorType;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** What was done to what. */
export interface AuditDetails {
  eventType: AuditEventType;
  endUserId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Short before/after of non-secret fields; passed through sanitizeChanges. */
  changes?: Record<string, unknown> | null;
}

export type AuditEntry = AuditActor & AuditDetails;

export interface AuditReceipt {
  id: string;
  seq: bigint;
  hash: string;
}

function errorCode(e: unknown): string {
  const o = e as { code?: unknown; name?: unknown } | null;
  if (o && typeof o.code === 'string') return o.code;
  return o && typeof o.name === 'string' ? o.name : 'unknown';
}

interface AppendRow {
  audit_id: string;
  audit_seq: bigint | string;
  audit_hash: string;
}

// One statement, one round trip; the function is defined in migration 20261123010000_audit_append_only.
const APPEND_SQL = `SELECT audit_id::text AS audit_id, audit_seq, audit_hash FROM audit_append(
  $1::uuid, $2::uuid, $3::"ActorType", $4::text, $5::text, $6::text, $7::text, $8::jsonb, $9::text, $10::text, $11::text)`;

const cap = (s: string | null | undefined, n: number) => (s == null ? null : s.slice(0, n));

/**
 * Appends one row to the workspace's hash chain (chainKey = workspaceId, or
 * 'global'). One round trip: the SQL function audit_append (migration
 * 20261123010000_audit_append_only) locks the chain head, hashes and inserts.
 * On a top-level client the statement goes straight to its driver (see writer.ts);
 * on a Tx it runs inside that transaction.
 *
 * Inside an interactive transaction the chain head stays locked until commit,
 * serializing that workspace's audit writes, so call this as the transaction's
 * last statement. Any failure becomes AppError('audit_unavailable') (503): the
 * caller must not proceed without its audit row.
 */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<AuditReceipt> {
  const changes = sanitizeChanges(entry.changes);
  const params = [
    entry.workspaceId,
    entry.actorUserId,
    entry.actorType,
    entry.eventType,
    cap(entry.endUserId, 256),
    cap(entry.targetType, 64),
    cap(entry.targetId, 256),
    changes === null ? null : JSON.stringify(changes),
    cap(entry.ip, 64),
    cap(entry.userAgent, 512),
    cap(entry.requestId, 64),
  ];
  try {
    const direct = directSqlFor(db);
    const rows = direct
      ? ((await direct(APPEND_SQL, params)) as unknown as AppendRow[])
      : await db.$queryRawUnsafe<AppendRow[]>(APPEND_SQL, ...params);
    const row = rows[0];
    if (!row) throw new Error('audit_append returned no row');
    return { id: row.audit_id, seq: BigInt(row.audit_seq), hash: row.audit_hash };
  } catch (e) {
    log.error('audit.write_failed', {
      eventType: entry.eventType,
      workspaceId: entry.workspaceId,
      requestId: entry.requestId ?? undefined,
      // The code only: a driver message can quote parameter values (end user ids).
      error: errorCode(e),
    });
    throw new AppError(
      'audit_unavailable',
      'The audit log could not be written, so the request was refused. Try again shortly.',
    );
  }
}
