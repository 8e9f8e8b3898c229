import 'server-only';
import { AppError, errorBody, toAppError } from '@/lib/server/errors';
import { log } from '@/lib/server/log';
import { acceptRequestId } from '@/lib/server/platform/request-meta';
import { parseJson, readBody } from '@/lib/server/ingest/body';
import { removeRedFields } from '@/lib/privacy/block';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import {
  kb,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  MAX_EVENT_BYTES,
  type IngestEndpoint,
} from '@/lib/server/ingest/limits';
import { normalizeMessage, type IngestMessage } from '@/lib/server/ingest/message';
import { observeMessages } from '@/lib/server/ingest/observe-buffer';
import { ingestBuckets } from '@/lib/server/ingest/rate-limit';
import { resolveWriteKey } from '@/lib/server/ingest/source-config';
import { storeEvents, type StorableEvent } from '@/lib/server/ingest/store';
import { notifyDeliveriesEnqueued } from '@/lib/server/delivery/wake';

const UNAUTHORIZED_HEADERS = { 'WWW-Authenticate': 'Basic realm="Tracking API"' };
// Segment answers {"success": true}; the same bytes every time.
const SUCCESS_BODY = '{"success":true}';
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Segment's HTTP Basic form: base64("writeKey:"). undefined = no Basic header (the body's
 * writeKey is used; Segment's OAuth clients send a Bearer token plus the body key);
 * null = a Basic header without a usable key.
 */
export function writeKeyFromHeader(value: string | null): string | null | undefined {
  if (!value || !/^\s*Basic\b/i.test(value)) return undefined;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const user = decoded.split(':', 1)[0] ?? '';
  return user.length > 0 && user.length <= 256 ? user : null;
}

function unauthorized(message: string): AppError {
  return new AppError('unauthenticated', message, undefined, UNAUTHORIZED_HEADERS);
}

/** The raw messages of a request. */
function rawMessages(endpoint: IngestEndpoint, body: Record<string, unknown>): unknown[] {
  if (endpoint !== 'batch') return [body];
  const batch = body.batch;
  if (!Array.isArray(batch)) throw new AppError('validation_failed', 'batch must be an array of events.');
  if (batch.length === 0) throw new AppError('validation_failed', 'batch is empty.');
  if (batch.length > MAX_BATCH_EVENTS)
    throw new AppError('validation_failed', `batch holds more than ${MAX_BATCH_EVENTS} events.`);
  return batch;
}

// The 32 KB per-event limit is checked on the stored JSON (serialised once, for
// storage anyway). It carries a few envelope fields the client did not send
// (receivedAt, originalTimestamp, a generated messageId: < 200 bytes) and loses
// writeKey; those bytes are allowed on top so that the client's own 32 KB count.
const ENVELOPE_ALLOWANCE = 512;
function checkEventSize(json: string, endpoint: IngestEndpoint, i: number): void {
  if (json.length <= MAX_EVENT_BYTES / 3) return; // cannot exceed: UTF-8 is at most 3 bytes per UTF-16 unit
  if (Buffer.byteLength(json) <= MAX_EVENT_BYTES + ENVELOPE_ALLOWANCE) return;
  const what =
    endpoint === 'batch'
      ? `Event ${i} in the batch exceeds the ${kb(MAX_EVENT_BYTES)} per-event limit.`
      : `Event exceeds the ${kb(MAX_EVENT_BYTES)} limit.`;
  throw new AppError('payload_too_large', what, {
    limitBytes: MAX_EVENT_BYTES,
    ...(endpoint === 'batch' ? { index: i } : {}),
  });
}

/**
 * What ingest needs from an HTTP request, whichever server received it: the Next
 * route handlers (app/v1/*) adapt a web Request, the production server's fast path
 * (lib/server/ingest/node-http.ts) a Node IncomingMessage.
 */
export interface IngestInput {
  header(name: string): string | null;
  /** The body as text, refused with 400 past `limit` bytes (after gzip inflation). */
  body(limit: number, what: string): Promise<string>;
}

/** A finished answer; adapters turn it into their server's response object. */
export interface IngestReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function ingest(req: IngestInput, endpoint: IngestEndpoint): Promise<IngestReply> {
  const headerKey = writeKeyFromHeader(req.header('authorization'));
  if (headerKey === null)
    throw unauthorized('The HTTP Basic Authorization header carries no write key (expected base64 of "writeKey:").');
  const limit = endpoint === 'batch' ? MAX_BATCH_BYTES : MAX_EVENT_BYTES;
  const text = await req.body(limit, endpoint === 'batch' ? 'Batch request' : 'Event');
  const body = parseJson(text);
  if (!isPlainObject(body)) throw new AppError('bad_request', 'Request body must be a JSON object.');
  const writeKey =
    headerKey ?? (typeof body.writeKey === 'string' && body.writeKey.length <= 256 ? body.writeKey : undefined);
  if (!writeKey)
    throw unauthorized('Missing write key: send it as the HTTP Basic user name or as writeKey in the body.');
  const source = await resolveWriteKey(writeKey);
  if (!source) throw unauthorized('Unknown or disabled write key.');

  const raw = rawMessages(endpoint, body);
  const rate = ingestBuckets().take(source.sourceId, raw.length);
  if (!rate.ok) {
    throw new AppError('rate_limited', 'Rate limit exceeded for this source; retry later.', undefined, {
      'Retry-After': String(rate.retryAfterSec),
    });
  }

  const receivedAt = new Date();
  const batchSentAt = endpoint === 'batch' ? body.sentAt : undefined;
  const single = endpoint === 'batch' ? null : endpoint;
  const messages: IngestMessage[] = raw.map((m, i) =>
    normalizeMessage(m, {
      type: single,
      receivedAt,
      batchSentAt,
      where: endpoint === 'batch' ? `Event ${i}` : 'Event',
    }),
  );

  const classifier = await loadClassifier(source.workspaceId);
  const events: StorableEvent[] = messages.map((m, i) => {
    // Block at source (before storage). removeRedFields copies only what it changes,
    // so m.payload stays the original for the Privacy Portal inbox, which learns that
    // a blocked field exists but never receives its value.
    const { event: payload, blockedPaths } = source.blockRed
      ? removeRedFields(m.payload, classifier)
      : { event: m.payload, blockedPaths: [] };
    const payloadJson = JSON.stringify(payload);
    // Checked on what is stored, i.e. after block at source (which only removes bytes).
    checkEventSize(payloadJson, endpoint, i);
    return {
      messageId: m.messageId,
      type: m.type,
      eventName: m.eventName,
      userId: m.userId,
      anonymousId: m.anonymousId,
      payloadJson,
      blockedPaths,
      timestamp: m.timestamp,
    };
  });

  const result = await storeEvents(source, events, receivedAt);
  if (result.deliveries > 0) notifyDeliveriesEnqueued();
  observeMessages(
    source,
    classifier,
    messages.map((m, i) => ({ eventName: m.eventName ?? m.type, payload: m.payload, blocked: events[i].blockedPaths })),
  );
  return { status: 200, headers: JSON_HEADERS, body: SUCCESS_BODY };
}

/**
 * Handles one tracking API request. Never throws; never logs payload data. Errors
 * answer in the console API's JSON shape: {"error": {code, message, details?, requestId}}.
 */
export async function handleIngest(req: IngestInput, endpoint: IngestEndpoint): Promise<IngestReply> {
  const requestId = acceptRequestId(req.header('x-request-id'));
  try {
    return await ingest(req, endpoint);
  } catch (e) {
    const err = toAppError(e);
    // Driver messages can quote values from the payload: log the error's class and code only.
    if (err.code === 'internal')
      log.error('ingest.failed', {
        requestId,
        endpoint,
        error: e instanceof Error ? e.name : 'unknown',
        code: (e as { code?: string }).code,
      });
    else if (err.code === 'db_unavailable') log.warn('ingest.db_unavailable', { requestId, endpoint });
    return {
      status: err.status,
      headers: { ...JSON_HEADERS, ...err.headers },
      body: JSON.stringify(errorBody(err, requestId)),
    };
  }
}

/** Entry point of the Next route handlers app/v1/* (used by `next dev`, and by `next start` if run directly). */
export async function ingestRequest(req: Request, endpoint: IngestEndpoint): Promise<Response> {
  const r = await handleIngest(
    { header: (n) => req.headers.get(n), body: (limit, what) => readBody(req, limit, what) },
    endpoint,
  );
  return new Response(r.body, { status: r.status, headers: r.headers });
}
