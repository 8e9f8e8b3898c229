import 'server-only';
import { randomUUID } from 'node:crypto';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

// A client may send its own X-Request-Id to correlate its logs with ours, but the
// value lands in audit rows, logs and error bodies: only an id-shaped one is kept.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's request id when it is 1-64 characters of [A-Za-z0-9._-]; otherwise a new UUID. */
export function acceptRequestId(raw: string | null | undefined): string {
  return raw && REQUEST_ID.test(raw) ? raw : randomUUID();
}

/** IP, user agent and a request id, from request headers (route handler or page). */
export function metaFromHeaders(h: Headers): RequestMeta {
  const fwd = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = fwd || h.get('x-real-ip') || null;
  const ua = h.get('user-agent');
  return {
    ip: ip ? ip.slice(0, 64) : null,
    userAgent: ua ? ua.slice(0, 512) : null,
    requestId: acceptRequestId(h.get('x-request-id')),
  };
}

/**
 * How many reverse proxies stand in front of the server (TRUST_PROXY, as in
 * scripts/server.mjs): 0 unless set to a positive whole number. Headers a proxy
 * sets (X-Forwarded-For, X-Forwarded-Host) are believed only when this is at least 1;
 * without a proxy any client could send them.
 */
export function trustedProxyHops(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number.parseInt(env.TRUST_PROXY ?? '0', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 10) : 0;
}
