import 'server-only';
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/server/errors';
import { isMessageType, MAX_DEPTH, MAX_MESSAGE_ID_LENGTH, type MessageType } from '@/lib/server/ingest/limits';

/** One Segment message after validation, ready for blocking and storage. */
export interface IngestMessage {
  type: MessageType;
  messageId: string;
  eventName: string | null;
  userId: string | null;
  anonymousId: string | null;
  timestamp: Date;
  /** The stored Segment JSON: the client's message plus our envelope fields. */
  payload: Record<string, unknown>;
}

const OBJECT_FIELDS = ['properties', 'traits', 'context', 'integrations'] as const;
// Postgres rejects U+0000 in text and jsonb, and lone UTF-16 surrogates in jsonb.
// Either would turn a client's bad byte into a 500, so both become U+FFFD.
const BAD_CHARS = /[\u0000\ud800-\udfff]/;
const BAD_CHARS_PRECISE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Years 1..9999 keep ISO strings in their 4-digit form and inside timestamptz.
const MIN_TIME = Date.UTC(1, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function fix(s: string): string {
  return BAD_CHARS.test(s) ? s.replace(BAD_CHARS_PRECISE, '\ufffd') : s;
}

/**
 * Cleans a freshly parsed JSON value in place (we own it) and enforces the depth
 * limit. Objects whose keys need fixing are rebuilt; `__proto__` keys stay plain data.
 */
function clean(v: unknown, depth: number, where: string): unknown {
  if (typeof v === 'string') return fix(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new AppError('bad_request', `${where} is nested deeper than ${MAX_DEPTH} levels.`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = clean(v[i], depth + 1, where);
    return v;
  }
  const o = v as Record<string, unknown>;
  let rebuild = false;
  for (const k of Object.keys(o)) {
    if (BAD_CHARS.test(k)) rebuild = true;
    o[k] = clean(o[k], depth + 1, where);
  }
  if (!rebuild) return o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o))
    Object.defineProperty(out, fix(k), { value: o[k], enumerable: true, writable: true, configurable: true });
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Segment accepts ids as strings or numbers; empty means absent. */
function idField(msg: Record<string, unknown>, key: string, where: string): string | null {
  const v = msg[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new AppError('validation_failed', `${where}: ${key} must be a string or a number.`);
  return v === '' ? null : v;
}

function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) && t >= MIN_TIME && t <= MAX_TIME ? t : null;
}

/**
 * Segment's clock-skew correction: the client's clock may be wrong, but the gap
 * between its `timestamp` and its `sentAt` is right, so
 * timestamp = receivedAt - (sentAt - originalTimestamp).
 */
export function correctedTimestamp(receivedAt: number, original: number | null, sentAt: number | null): number {
  if (original === null) return receivedAt;
  if (sentAt === null) return original;
  const t = receivedAt - (sentAt - original);
  return t >= MIN_TIME && t <= MAX_TIME ? t : original;
}

export interface NormalizeOptions {
  /** The endpoint's type for single calls; null in a batch (the message names its own). */
  type: MessageType | null;
  receivedAt: Date;
  /** A batch-level sentAt, used when the message has none (analytics-node sends it per batch). */
  batchSentAt?: unknown;
  /** "event 3" in a batch, "event" otherwise; used in error messages. */
  where: string;
}

/** Validates one message and builds its stored form. Throws AppError (400) with a precise message. */
export function normalizeMessage(raw: unknown, opts: NormalizeOptions): IngestMessage {
  const { where } = opts;
  if (!isPlainObject(raw)) throw new AppError('validation_failed', `${where} must be a JSON object.`);
  const msg = clean(raw, 1, where) as Record<string, unknown>;
  const type = opts.type ?? msg.type;
  if (!isMessageType(type))
    throw new AppError(
      'validation_failed',
      `${where}: type must be one of track, identify, page, screen, group, alias.`,
    );
  for (const f of OBJECT_FIELDS) {
    if (msg[f] === null) delete msg[f];
    else if (msg[f] !== undefined && !isPlainObject(msg[f]))
      throw new AppError('validation_failed', `${where}: ${f} must be an object.`);
  }
  const userId = idField(msg, 'userId', where);
  const anonymousId = idField(msg, 'anonymousId', where);
  if (!userId && !anonymousId) throw new AppError('validation_failed', `${where}: userId or anonymousId is required.`);
  let eventName: string | null = null;
  if (type === 'track') {
    if (typeof msg.event !== 'string' || msg.event.trim() === '')
      throw new AppError('validation_failed', `${where}: event is required for track calls.`);
    eventName = msg.event;
  } else if (type === 'page' || type === 'screen') {
    if (msg.name !== undefined && msg.name !== null && typeof msg.name !== 'string')
      throw new AppError('validation_failed', `${where}: name must be a string.`);
    eventName = typeof msg.name === 'string' && msg.name !== '' ? msg.name : null;
  } else if (type === 'group') {
    if (!idField(msg, 'groupId', where))
      throw new AppError('validation_failed', `${where}: groupId is required for group calls.`);
  } else if (type === 'alias') {
    if (!idField(msg, 'previousId', where))
      throw new AppError('validation_failed', `${where}: previousId is required for alias calls.`);
  }

  let messageId = msg.messageId;
  if (messageId === undefined || messageId === null || messageId === '') messageId = `api-${randomUUID()}`;
  if (typeof messageId === 'number') messageId = String(messageId);
  if (typeof messageId !== 'string') throw new AppError('validation_failed', `${where}: messageId must be a string.`);
  if (messageId.length > MAX_MESSAGE_ID_LENGTH)
    throw new AppError('validation_failed', `${where}: messageId is longer than ${MAX_MESSAGE_ID_LENGTH} characters.`);

  const received = opts.receivedAt.getTime();
  const original = parseTime(msg.timestamp);
  const sentAt = parseTime(msg.sentAt) ?? parseTime(opts.batchSentAt);
  const timestamp = correctedTimestamp(received, original, sentAt);

  // The write key is a credential: it must never be stored with the event.
  delete msg.writeKey;
  msg.type = type;
  msg.messageId = messageId;
  if (userId !== null) msg.userId = userId;
  if (anonymousId !== null) msg.anonymousId = anonymousId;
  if (original !== null) msg.originalTimestamp = new Date(original).toISOString();
  else delete msg.originalTimestamp;
  if (sentAt !== null) msg.sentAt = new Date(sentAt).toISOString();
  else delete msg.sentAt;
  msg.timestamp = new Date(timestamp).toISOString();
  msg.receivedAt = opts.receivedAt.toISOString();
  return { type, messageId, eventName, userId, anonymousId, timestamp: new Date(timestamp), payload: msg };
}
