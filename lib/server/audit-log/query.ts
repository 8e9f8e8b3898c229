import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db, Tx } from '@/lib/server/db';
import { auditDisplayName } from '@/lib/audit-events';
import { decodeCursor, encodeCursor, type AuditCursor } from '@/lib/server/audit-log/cursor';
import type { AuditEventView, AuditFilters, AuditPage } from '@/lib/schemas/audit';

export const MAX_PAGE = 200;

export interface AuditRow {
  id: string;
  seq: bigint;
  workspaceId: string | null;
  actorUserId: string | null;
  actorType: string;
  eventType: string;
  endUserId: string | null;
  timestamp: Date;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  targetType: string | null;
  targetId: string | null;
  changes: unknown;
  prevHash: string;
  hash: string;
}

const COLUMNS = Prisma.sql`a.id::text AS id, a.seq, a."workspaceId"::text AS "workspaceId", a."actorUserId"::text AS "actorUserId",
  a."actorType"::text AS "actorType", a."eventType", a."endUserId", a."timestamp", a.ip, a."userAgent", a."requestId",
  a."targetType", a."targetId", a.changes, a."prevHash", a.hash`;

/** Tenant scope first, always; then the optional filters. */
function whereClause(workspaceId: string, f: AuditFilters, cursor: AuditCursor | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`a."workspaceId" = ${workspaceId}::uuid`];
  if (f.eventType?.length === 1) parts.push(Prisma.sql`a."eventType" = ${f.eventType[0]}`);
  else if (f.eventType?.length) parts.push(Prisma.sql`a."eventType" = ANY(${f.eventType}::text[])`);
  if (f.actorUserId) parts.push(Prisma.sql`a."actorUserId" = ${f.actorUserId}::uuid`);
  if (f.endUserId) parts.push(Prisma.sql`a."endUserId" = ${f.endUserId}`);
  if (f.targetType) parts.push(Prisma.sql`a."targetType" = ${f.targetType}`);
  if (f.targetId) parts.push(Prisma.sql`a."targetId" = ${f.targetId}`);
  if (f.from) parts.push(Prisma.sql`a."timestamp" >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) parts.push(Prisma.sql`a."timestamp" < ${f.to.toISOString()}::timestamptz`);
  if (cursor) {
    const ts = cursor.ts.toISOString();
    // The row comparison is the exact keyset condition; the plain timestamp bound
    // is redundant but lets indexes without id, e.g. (workspaceId, eventType,
    // timestamp), start their scan at the cursor instead of filtering up to it.
    parts.push(
      cursor.dir === 'older'
        ? Prisma.sql`(a."timestamp", a.id) < (${ts}::timestamptz, ${cursor.id}::uuid) AND a."timestamp" <= ${ts}::timestamptz`
        : Prisma.sql`(a."timestamp", a.id) > (${ts}::timestamptz, ${cursor.id}::uuid) AND a."timestamp" >= ${ts}::timestamptz`,
    );
  }
  return Prisma.join(parts, ' AND ');
}

/** One keyset batch in (timestamp desc, id desc) order. Shared by the page and the CSV export. */
export async function fetchAuditBatch(
  db: Db | Tx,
  workspaceId: string,
  f: AuditFilters,
  cursor: AuditCursor | null,
  limit: number,
): Promise<AuditRow[]> {
  const newer = cursor?.dir === 'newer';
  const order = newer ? Prisma.sql`a."timestamp" ASC, a.id ASC` : Prisma.sql`a."timestamp" DESC, a.id DESC`;
  const rows = await db.$queryRaw<AuditRow[]>`
    SELECT ${COLUMNS} FROM "AuditLog" a WHERE ${whereClause(workspaceId, f, cursor)} ORDER BY ${order} LIMIT ${limit}`;
  return newer ? rows.reverse() : rows;
}

const at = (r: AuditRow, dir: AuditCursor['dir']) => encodeCursor({ dir, ts: r.timestamp, id: r.id });

/**
 * A page of a workspace's audit log, newest first. Keyset pagination on
 * (timestamp desc, id desc): constant cost at any depth, and stable when rows
 * share a timestamp or new rows arrive while someone is paging.
 */
export async function listAuditEvents(
  db: Db | Tx,
  workspaceId: string,
  filters: AuditFilters,
  cursor: string | null | undefined,
  limit = 50,
): Promise<AuditPage> {
  const take = Math.min(Math.max(1, Math.trunc(limit)), MAX_PAGE);
  const c = cursor ? decodeCursor(cursor) : null;
  // One extra row tells whether there is a page beyond this one.
  const rows = await fetchAuditBatch(db, workspaceId, filters, c, take + 1);
  const more = rows.length > take;
  let items: AuditRow[];
  if (c?.dir === 'newer') items = more ? rows.slice(1) : rows;
  else items = more ? rows.slice(0, take) : rows;
  const first = items[0];
  const last = items[items.length - 1];
  const nextCursor = last && (c?.dir === 'newer' || more) ? at(last, 'older') : null;
  const prevCursor = first && (c?.dir === 'older' || (c?.dir === 'newer' && more)) ? at(first, 'newer') : null;
  return { items: await withActors(db, items), nextCursor, prevCursor };
}

/** Names for the actors on one page: one indexed lookup, not a join on every row scanned. */
async function withActors(db: Db | Tx, rows: AuditRow[]): Promise<AuditEventView[]> {
  const ids = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const u = r.actorUserId ? byId.get(r.actorUserId) : undefined;
    return toView(r, u?.name ?? null, u?.email ?? null);
  });
}

export function toView(r: AuditRow, actorName: string | null = null, actorEmail: string | null = null): AuditEventView {
  return {
    id: r.id,
    seq: r.seq.toString(),
    workspaceId: r.workspaceId,
    actorUserId: r.actorUserId,
    actorName,
    actorEmail,
    actorType: r.actorType,
    eventType: r.eventType,
    eventName: auditDisplayName(r.eventType),
    endUserId: r.endUserId,
    timestamp: r.timestamp.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    targetType: r.targetType,
    targetId: r.targetId,
    changes: r.changes ?? null,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
