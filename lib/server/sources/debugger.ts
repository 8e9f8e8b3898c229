import 'server-only';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditActor } from '@/lib/server/audit/actor';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedRead } from '@/lib/server/audit/audited';
import { maskEventForViewer } from '@/lib/privacy/mask';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import type { DebuggerEventSummary, DebuggerEventView, DebuggerList } from '@/lib/schemas/debugger';

// Source Debugger (Segment's): the latest 500 events of a source, a Pretty view
// and a Raw view. The list carries no event content. Viewers without PII access
// see Red/Yellow values and the identity fields masked (maskEventForViewer, the
// same masking as every other view of event data); whenever unmasked event
// content is returned, or the Raw view is opened, the audit row is committed
// before the data leaves the server.

export const DEBUGGER_LIMIT = 500;

// The view types are the response schemas' (lib/schemas/debugger.ts).
export type { DebuggerEventSummary, DebuggerEventView };

async function assertSource(ctx: WorkspaceCtx, sourceId: string): Promise<void> {
  const db = await getDb();
  const s = await db.source.findFirst({ where: { id: sourceId, workspaceId: ctx.workspace.id }, select: { id: true } });
  if (!s) throw new AppError('not_found', 'Source not found.');
}

export async function listDebuggerEvents(ctx: WorkspaceCtx, sourceId: string): Promise<DebuggerList> {
  await assertSource(ctx, sourceId);
  const db = await getDb();
  const rows = await db.event.findMany({
    where: { sourceId, workspaceId: ctx.workspace.id },
    orderBy: { receivedAt: 'desc' },
    take: DEBUGGER_LIMIT,
    select: { id: true, messageId: true, type: true, eventName: true, receivedAt: true, blockedPaths: true },
  });
  return {
    events: rows.map((r) => ({
      id: r.id,
      messageId: r.messageId,
      type: r.type,
      eventName: r.eventName,
      receivedAt: r.receivedAt.toISOString(),
      blockedCount: r.blockedPaths.length,
    })),
  };
}

async function findEvent(ctx: WorkspaceCtx, sourceId: string, eventId: string) {
  const db = await getDb();
  const e = await db.event.findFirst({
    where: { id: eventId, sourceId, workspaceId: ctx.workspace.id },
    select: {
      id: true,
      messageId: true,
      type: true,
      eventName: true,
      receivedAt: true,
      timestamp: true,
      blockedPaths: true,
      userId: true,
      anonymousId: true,
    },
  });
  if (!e) throw new AppError('not_found', 'Event not found.');
  return e;
}

async function payloadFor(ctx: WorkspaceCtx, eventId: string, unmasked: boolean): Promise<Record<string, unknown>> {
  const db = await getDb();
  const row = await db.event.findFirstOrThrow({
    where: { id: eventId, workspaceId: ctx.workspace.id },
    select: { payload: true },
  });
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  if (unmasked) return payload;
  return maskEventForViewer(payload, await loadClassifier(ctx.workspace.id), { unmasked: false });
}

type Kind = 'pretty' | 'raw';

async function view(ctx: WorkspaceCtx, sourceId: string, eventId: string, kind: Kind): Promise<DebuggerEventView> {
  const e = await findEvent(ctx, sourceId, eventId);
  const unmasked = ctx.can('pii.unmasked');
  const build = async (): Promise<DebuggerEventView> => ({
    id: e.id,
    messageId: e.messageId,
    type: e.type,
    eventName: e.eventName,
    receivedAt: e.receivedAt.toISOString(),
    timestamp: e.timestamp.toISOString(),
    blockedPaths: e.blockedPaths,
    payload: await payloadFor(ctx, e.id, unmasked),
    masked: !unmasked,
  });
  // A masked Pretty view shows no PHI; everything else is an audited read.
  if (kind === 'pretty' && !unmasked) return build();
  const db = await getDb();
  return auditedRead(
    db,
    {
      ...auditActor(ctx),
      eventType: kind === 'raw' ? 'source_debugger.raw_viewed' : 'source_debugger.viewed',
      endUserId: e.userId ?? e.anonymousId,
      targetType: 'event',
      targetId: e.id,
      changes: { sourceId, masked: !unmasked },
    },
    build,
  );
}

/** Pretty view of one event. */
export function getDebuggerEvent(ctx: WorkspaceCtx, sourceId: string, eventId: string): Promise<DebuggerEventView> {
  return view(ctx, sourceId, eventId, 'pretty');
}

/** Raw view: always writes "Source Debugger Raw Viewed" (end_user_id = userId or anonymousId) first. */
export function getDebuggerRaw(ctx: WorkspaceCtx, sourceId: string, eventId: string): Promise<DebuggerEventView> {
  return view(ctx, sourceId, eventId, 'raw');
}
