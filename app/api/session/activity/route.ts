import { withSession, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { heartbeatResponse } from '@/lib/schemas/session';

// Heartbeat sent by the browser only after real input (clicks, keys): it is the
// one GET-free way background tabs and polling can NOT keep a session alive.
export const POST = withSession(
  async (_req, ctx) =>
    json(
      heartbeatResponse.parse({
        idleSeconds: ctx.session.idleSeconds,
        lastActivityAt: ctx.session.lastActivityAt.toISOString(),
      }),
    ),
  { activity: true, audit: noAudit('idle-timer heartbeat; no data') },
);
