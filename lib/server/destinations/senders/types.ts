import 'server-only';
import type { ProtectedEvent } from '@/lib/crypto/transform';
import type { FunctionKind } from '@/lib/functions/types';
import { OutboundTimeoutError, retryAfterMs, type HttpResult } from '@/lib/server/outbound/http-client';
import { SsrfError } from '@/lib/server/outbound/ssrf';

/** A deployed function bound to one destination: its code and the settings its instance was given. */
export interface FunctionBinding {
  functionId: string;
  name: string;
  kind: FunctionKind;
  versionId: string;
  version: number;
  code: string;
  handlers: readonly string[];
  /** Keys the sandbox's runtime pool: one instance's settings are never visible to another's calls. */
  instanceKey: string;
  /** Settings and secrets together, as the code reads them (`settings.secret`). */
  settings: Readonly<Record<string, unknown>>;
}

/** What a sender needs to know about its destination (settings already validated by the console). */
export interface SenderConfig {
  destinationId: string;
  settings: Readonly<Record<string, unknown>>;
  secrets: Readonly<Record<string, string>>;
  /** A Destination Function instance: the function that sends. */
  fn?: FunctionBinding;
}

/** One event on its way out, already consent-checked and protected. */
export interface OutboundItem {
  deliveryId: string;
  messageId: string;
  event: ProtectedEvent;
  /** `event` serialised once: the webhook body and the stored payload are this exact text. */
  json: string;
}

/** 'filtered': the destination declined the event on purpose (a function dropped it, or has no handler). */
export type SendOutcome = 'delivered' | 'retry' | 'failed' | 'filtered';

/** A function run's console output and fetches, kept on the delivery attempt (PHI: shown with PII access only). */
export interface FunctionLog {
  function: string;
  version: number;
  outcome: string;
  errorType: string | null;
  logs: { level: string; message: string }[];
  logsTruncated: boolean;
  fetches: { method: string; url: string; status: number | null; error?: string; durationMs: number }[];
  durationMs: number;
}

export interface SendResult {
  outcome: SendOutcome;
  status?: number;
  error?: string;
  retryAfterMs?: number;
  functionLog?: FunctionLog;
}

export interface Sender {
  /** Events per request for this destination; 1 = one request per event. */
  maxBatch(cfg: SenderConfig): number;
  /** Why this event type cannot go to this destination (it is then filtered), or null. */
  unsupported(event: ProtectedEvent, cfg: SenderConfig): string | null;
  /** One result per item, in order. Never throws. */
  send(cfg: SenderConfig, items: readonly OutboundItem[]): Promise<SendResult[]>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Maps an HTTP answer onto delivered / retry / failed, the same way for every sender. */
export function fromHttp(res: HttpResult): SendResult {
  const { status } = res;
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  if (status === 408 || status === 429 || status >= 500) {
    const after = retryAfterMs(res.headers);
    return {
      outcome: 'retry',
      status,
      error: `HTTP ${status}${after !== undefined ? ` (Retry-After ${Math.ceil(after / 1000)} s)` : ''}`,
      retryAfterMs: after,
    };
  }
  if (status >= 300 && status < 400)
    return { outcome: 'failed', status, error: `HTTP ${status}: redirects are not followed.` };
  return { outcome: 'failed', status, error: `HTTP ${status}` };
}

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** Network-level failures. Messages never include the URL (it may carry tokens). */
export function fromError(e: unknown): SendResult {
  if (e instanceof SsrfError) return { outcome: 'failed', error: e.message };
  if (e instanceof OutboundTimeoutError) return { outcome: 'retry', error: `Timed out: ${e.message}` };
  const code = (e as { code?: string }).code;
  if (code && RETRYABLE_CODES.has(code)) return { outcome: 'retry', error: `Network error (${code}).` };
  return { outcome: 'retry', error: `Network error (${code ?? (e instanceof Error ? e.name : 'unknown')}).` };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function basicAuth(user: string): string {
  return `Basic ${Buffer.from(`${user}:`).toString('base64')}`;
}

/** Event time in ms from the corrected Segment timestamp. */
export function eventTimeMs(event: ProtectedEvent): number {
  const t = typeof event.timestamp === 'string' ? Date.parse(event.timestamp) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}

export function timeoutFrom(settings: Readonly<Record<string, unknown>>): number {
  const v = Number(settings.timeoutMs);
  return Number.isFinite(v) && v >= 1000 && v <= 30_000 ? v : DEFAULT_TIMEOUT_MS;
}

/** Same result for every item of a batch request. */
export function all(n: number, r: SendResult): SendResult[] {
  return Array.from({ length: n }, () => ({ ...r }));
}
