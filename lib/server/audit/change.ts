import 'server-only';
import { getDb, type Db, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { AuditEventType } from '@/lib/audit-events';
import type { SessionCtx, WorkspaceSummary } from '@/lib/server/context/types';
import { auditActor } from '@/lib/server/audit/actor';
import { recordAudit, type AuditActor, type AuditDetails } from '@/lib/server/audit/record';
import { diffChanges } from '@/lib/server/audit/sanitize';
import { checkDeclared } from '@/lib/server/audit/route-scope';

// The one way a change is written: the change and its audit rows commit in one
// transaction or not at all. `change` runs first and queues its rows through the
// recorder; the rows are appended after it returns, so the workspace's chain head
// is locked for as short a time as possible. A change that queues nothing (a save
// that changed nothing) logs nothing.

/** Who acts: the request context (user, IP, user agent, request id), or an explicit actor (system jobs, seeding). */
export type AuditBy = (SessionCtx & { workspace?: WorkspaceSummary }) | AuditActor;

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditRecorder {
  /**
   * Queues one row. `eventType` defaults to the change's kind when it declared exactly one;
   * `workspaceId` overrides the actor's (a workspace being created has no context yet).
   */
  record(row: {
    eventType?: AuditEventType;
    target: AuditTarget;
    endUserId?: string | null;
    changes?: Record<string, unknown> | null;
    workspaceId?: string | null;
  }): void;
  /**
   * Queues a before/after row of the given fields, or nothing when none of them
   * changed. `extra` is merged into `changes` (e.g. which secret fields were set).
   */
  diff<T extends Record<string, unknown>>(row: {
    eventType?: AuditEventType;
    target: AuditTarget;
    before: T | null;
    after: T | null;
    fields: readonly (keyof T & string)[];
    extra?: Record<string, unknown>;
  }): boolean;
}

const isActor = (by: AuditBy): by is AuditActor => !('meta' in by);

function actorOf(by: AuditBy): AuditActor {
  return isActor(by) ? by : auditActor(by);
}

export async function auditedChange<T>(
  by: AuditBy,
  kind: AuditEventType | readonly AuditEventType[],
  change: (tx: Tx, audit: AuditRecorder) => Promise<T>,
  /** tx: join a transaction already open; db: another client (tests); timeoutMs: for long changes. */
  opts: { tx?: Tx; db?: Db; timeoutMs?: number } = {},
): Promise<T> {
  const kinds: readonly AuditEventType[] = typeof kind === 'string' ? [kind] : kind;
  const actor = actorOf(by);
  const run = async (tx: Tx): Promise<T> => {
    const rows: (AuditDetails & { workspaceId?: string | null })[] = [];
    const eventOf = (t: AuditEventType | undefined): AuditEventType => {
      const e = t ?? (kinds.length === 1 ? kinds[0] : undefined);
      if (!e)
        throw new AppError(
          'internal',
          'auditedChange: an event type is required when a change declares several kinds.',
        );
      if (!kinds.includes(e))
        throw new AppError('internal', `auditedChange: ${e} is not one of this change's kinds (${kinds.join(', ')}).`);
      checkDeclared(e);
      return e;
    };
    const recorder: AuditRecorder = {
      record(r) {
        rows.push({
          eventType: eventOf(r.eventType),
          targetType: r.target.type,
          targetId: r.target.id,
          endUserId: r.endUserId ?? null,
          changes: r.changes ?? null,
          ...(r.workspaceId !== undefined ? { workspaceId: r.workspaceId } : {}),
        });
      },
      diff(r) {
        const d = diffChanges(r.before, r.after, r.fields);
        if (!d) return false;
        rows.push({
          eventType: eventOf(r.eventType),
          targetType: r.target.type,
          targetId: r.target.id,
          changes: { ...d, ...r.extra },
        });
        return true;
      },
    };
    const value = await change(tx, recorder);
    for (const row of rows) await recordAudit(tx, { ...actor, ...row });
    return value;
  };
  if (opts.tx) return run(opts.tx);
  const db = opts.db ?? (await getDb());
  return db.$transaction(run, opts.timeoutMs ? { timeout: opts.timeoutMs } : undefined);
}

/**
 * An audited action that changes no data of its own (a verification, an export
 * started, a sign-out already applied): one row, committed before the caller goes on.
 * Fails closed like every audit write.
 */
export async function recordAction(
  by: AuditBy,
  row: {
    eventType: AuditEventType;
    target: AuditTarget;
    endUserId?: string | null;
    changes?: Record<string, unknown> | null;
  },
): Promise<void> {
  checkDeclared(row.eventType);
  const db = await getDb();
  await recordAudit(db, {
    ...actorOf(by),
    eventType: row.eventType,
    targetType: row.target.type,
    targetId: row.target.id,
    endUserId: row.endUserId ?? null,
    changes: row.changes ?? null,
  });
}
