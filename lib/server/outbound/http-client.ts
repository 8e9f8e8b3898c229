import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { assertUrlAllowed, guardedLookup } from '@/lib/server/outbound/ssrf';
import { processSingleton } from '@/lib/server/platform/process-singleton';

// The worker's only way out to the network. node:http with keep-alive agents:
// the agents' `lookup` is the SSRF guard, so every new connection goes to an
// address that was checked. Redirects are not followed (a 3xx to an internal
// address would bypass the guard); callers treat them as failures.
const MAX_RESPONSE_BYTES = 16 * 1024;
// Free sockets are kept up to the same bound: closing them after a burst only to reconnect
// on the next one cost more CPU than anything else in the sender.
const agentOptions = {
  keepAlive: true,
  maxSockets: 256,
  maxFreeSockets: 256,
  scheduling: 'lifo' as const,
  lookup: guardedLookup,
};
const agents = processSingleton('outbound.agents', () => ({
  http: new http.Agent(agentOptions),
  https: new https.Agent(agentOptions),
}));

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `maxResponseBytes` of the body, as UTF-8. */
  body: string;
  statusText?: string;
  /** True when the body was longer than the cap and was cut. */
  truncated?: boolean;
}

export class OutboundTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

export interface OutboundRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface OutboundOptions {
  /** Bytes of the response body kept; the rest is read and discarded. Default 16 KB. */
  maxResponseBytes?: number;
  /** Aborts the request (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * One request through the guarded agents. Throws synchronously (SsrfError) for a URL the guard
 * refuses outright; a host name resolving to a refused address rejects with SsrfError.
 */
export function requestOutbound(
  url: URL,
  init: OutboundRequest,
  timeoutMs: number,
  options: OutboundOptions = {},
): Promise<HttpResult> {
  assertUrlAllowed(url);
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const lib = url.protocol === 'https:' ? https : http;
  const payload =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? Buffer.from(init.body, 'utf8')
        : Buffer.from(init.body);
  const headers: Record<string, string> = { 'user-agent': 'PrivacyConsole-Delivery/1.0', ...init.headers };
  if (payload) headers['content-length'] = String(payload.byteLength);
  return new Promise<HttpResult>((resolve, reject) => {
    const req = lib.request(url, {
      method: init.method,
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      headers,
    });
    // One deadline for connect + send + response, not an idle timer.
    const timer = setTimeout(
      () => req.destroy(new OutboundTimeoutError(`No response within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    const onAbort = () =>
      req.destroy(options.signal?.reason instanceof Error ? options.signal.reason : new Error('Request aborted.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    req.on('error', (e) => {
      done();
      reject(e);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < maxBytes) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        done();
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
          truncated: size > maxBytes,
        });
      });
      res.on('error', (e) => {
        done();
        reject(e);
      });
    });
    if (options.signal?.aborted) onAbort();
    req.end(payload);
  });
}

export function postOutbound(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpResult> {
  return requestOutbound(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body },
    timeoutMs,
  );
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
