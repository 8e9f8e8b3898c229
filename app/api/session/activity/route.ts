import { withSession, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';

// Heartbeat sent by the browser only after real input (clicks, keys): it is the
// one GET-free way background tabs and polling can NOT keep a session alive.
export const POST = withSession(async (_req, ctx) =>
  json({ idleSeconds: ctx.session.idleSeconds, lastActivityAt: ctx.session.lastActivityAt.toISOString() }),
{ activity: true, audit: noAudit('idle-timer heartbeat; no data') });
