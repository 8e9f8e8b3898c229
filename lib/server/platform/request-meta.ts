import 'server-only';
import { randomUUID } from 'node:crypto';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/** IP, user agent and a request id, from request headers (route handler or page). */
export function metaFromHeaders(h: Headers): RequestMeta {
  const fwd = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = fwd || h.get('x-real-ip') || null;
  const ua = h.get('user-agent');
  return {
    ip: ip ? ip.slice(0, 64) : null,
    userAgent: ua ? ua.slice(0, 512) : null,
    requestId: h.get('x-request-id')?.slice(0, 64) || randomUUID(),
  };
}
