import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleIngest } from '@/lib/server/ingest/handle';
import { readNodeBody } from '@/lib/server/ingest/body';
import type { IngestEndpoint } from '@/lib/server/ingest/limits';

// The tracking API's fast path in the production server (scripts/server.mjs).
// Next's request pipeline (routing, web-stream request/response adapters, tracing)
// costs about as much CPU per request as the whole of ingest does, and under a
// steady 500 single-event requests/s on 2 cores that queueing decided the tail
// latency. POST /v1/* is answered here from the Node request directly, by the same
// handleIngest the Next route handlers in app/v1/* use, so both paths behave alike
// (tests/pipeline/node-http.test.ts holds them to that).

const ENDPOINTS: Readonly<Record<string, IngestEndpoint>> = {
  '/v1/track': 'track',
  '/v1/identify': 'identify',
  '/v1/page': 'page',
  '/v1/screen': 'screen',
  '/v1/group': 'group',
  '/v1/alias': 'alias',
  '/v1/batch': 'batch',
  '/v1/import': 'batch',
};

// A JSON API: nothing here may be framed, sniffed, cached or run as a document.
const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** The tracking endpoint a request is for, or null (anything else, including non-POST, is Next's). */
export function trackingEndpoint(method: string | undefined, url: string | undefined): IngestEndpoint | null {
  if (method !== 'POST' || !url || !url.startsWith('/v1/')) return null;
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return ENDPOINTS[path] ?? null;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Answers one tracking API request. Never throws. */
export async function serveTrackingApi(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: IngestEndpoint,
): Promise<void> {
  res.on('error', () => {}); // a client that went away is not our error
  const reply = await handleIngest(
    { header: (n) => header(req, n), body: (limit, what) => readNodeBody(req, limit, what) },
    endpoint,
  );
  const headers: Record<string, string> = {
    ...API_HEADERS,
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  };
  // Refused before the body was read to the end (over a limit): the rest is
  // discarded, and the connection is not reused.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}
