import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { assertUrlAllowed, guardedLookup } from '@/lib/server/outbound/ssrf';

// The worker's only way out to the network. node:http with keep-alive agents:
// the agents' `lookup` is the SSRF guard, so every new connection goes to an
// address that was checked. Redirects are not followed (a 3xx to an internal
// address would bypass the guard); callers treat them as failures.
const MAX_RESPONSE_BYTES = 16 * 1024;
// Free sockets are kept up to the same bound: closing them after a burst only to reconnect
// on the next one cost more CPU than anything else in the sender.
const agentOptions = { keepAlive: true, maxSockets: 256, maxFreeSockets: 256, scheduling: 'lifo' as const, lookup: guardedLookup };
const g = globalThis as unknown as { __pcOutboundAgents?: { http: http.Agent; https: https.Agent } };
const agents = (g.__pcOutboundAgents ??= { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) });

export interface HttpResult { status: number; headers: IncomingHttpHeaders; body: string }

export class OutboundTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

export function postOutbound(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResult> {
  assertUrlAllowed(url);
  const lib = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');
  return new Promise<HttpResult>((resolve, reject) => {
    const req = lib.request(url, {
      method: 'POST',
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      headers: { 'content-type': 'application/json', 'content-length': String(payload.byteLength), 'user-agent': 'PrivacyConsole-Delivery/1.0', ...headers },
    });
    // One deadline for connect + send + response, not an idle timer.
    const timer = setTimeout(() => req.destroy(new OutboundTimeoutError(`No response within ${timeoutMs} ms.`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8') });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.end(payload);
  });
}

/** Retry-After as milliseconds (seconds or an HTTP date); undefined when absent or unusable. */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const v = headers['retry-after'];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s.trim())) return Number(s.trim()) * 1000;
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}
