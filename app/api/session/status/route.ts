import { withSession, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { sessionStatusResponse } from '@/lib/schemas/session';

// Reading the status is not activity.
export const GET = withSession(
  async (_req, ctx) =>
    json(
      sessionStatusResponse.parse({
        user: { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name },
        idleSeconds: ctx.session.idleSeconds,
        lastActivityAt: ctx.session.lastActivityAt.toISOString(),
        expiresAt: ctx.session.expiresAt.toISOString(),
      }),
    ),
  { activity: false, audit: noAudit("the caller's own session expiry") },
);
