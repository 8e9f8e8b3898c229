// Session responses (allow-lists). The session token itself never
// appears in a body: it travels only in its HttpOnly cookie.
import { z } from 'zod';
import { isoTimestamp } from './common';

/** POST /session/activity (the idle-timer heartbeat). */
export const heartbeatResponse = z.object({ idleSeconds: z.number(), lastActivityAt: isoTimestamp });

/** GET /session/status. */
export const sessionStatusResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  idleSeconds: z.number(),
  lastActivityAt: isoTimestamp,
  expiresAt: isoTimestamp,
});
export type SessionStatus = z.infer<typeof sessionStatusResponse>;
