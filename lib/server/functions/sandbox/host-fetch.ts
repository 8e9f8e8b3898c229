import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import type { QuickJSContext, QuickJSDeferredPromise } from 'quickjs-emscripten';
import { requestOutbound, type HttpResult } from '@/lib/server/outbound/http-client';
import type { CallState, PendingOp } from '@/lib/server/functions/sandbox/call-state';
import { rejectWith } from '@/lib/server/functions/sandbox/guest-errors';
import type { FetchRecord } from '@/lib/server/functions/sandbox/types';

// fetch() for the guest, performed by requestOutbound (SSRF guard in the socket lookup, no
// redirects followed, body capped). A refused URL or a breached fetch limit is recorded on the
// call as a policy error: see outcome.ts for why such a call ends `failed` even when the code
// turns the rejection into a RetryError.

const DROPPED_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const RECORD_BODY_BYTES = 2048;
const RECORD_REQUEST_BYTES = 4096;
const USER_AGENT = 'PrivacyConsole-Functions/1.0';

export interface GuestRequest {
  url: string;
  method: string;
  headersJson: string;
  body: string | Buffer | null;
}

function isSsrfRefusal(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === 'ERR_SSRF_REFUSED';
}

function headerRecord(json: string): Record<string, string> {
  const pairs: unknown = JSON.parse(json);
  const out: Record<string, string> = { 'user-agent': USER_AGENT };
  if (!Array.isArray(pairs)) return out;
  for (const p of pairs) {
    if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') continue;
    const name = p[0].toLowerCase();
    if (DROPPED_HEADERS.has(name)) continue;
    out[name] = name in out && name !== 'user-agent' ? `${out[name]}, ${p[1]}` : p[1];
  }
  return out;
}

function headerPairs(headers: IncomingHttpHeaders): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else if (v !== undefined) out.push([k, v]);
  }
  return out;
}

function truncateUtf8(s: string, bytes: number): string {
  return Buffer.byteLength(s, 'utf8') <= bytes ? s : Buffer.from(s, 'utf8').subarray(0, bytes).toString('utf8');
}

export function startFetch(
  ctx: QuickJSContext,
  state: CallState,
  deferred: QuickJSDeferredPromise,
  req: GuestRequest,
): void {
  const record: FetchRecord = { method: req.method, url: req.url, status: null, durationMs: 0 };
  state.fetches.push(record);
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const refuse = (message: string, policy: boolean) => {
    record.error = message;
    if (policy && state.policyError === null) state.policyError = message;
    rejectWith(ctx, deferred, 'TypeError', `fetch failed: ${message}`);
  };

  const { limits } = state;
  if (state.fetchCount >= limits.maxFetches)
    return refuse(`at most ${limits.maxFetches} requests are allowed per call`, true);
  state.fetchCount++;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return refuse('Invalid URL', false);
  }
  const size =
    req.body === null ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body, 'utf8') : req.body.byteLength;
  if (size > limits.maxFetchRequestBytes)
    return refuse(`the request body exceeds ${limits.maxFetchRequestBytes} bytes`, true);
  const timeoutMs = Math.min(limits.fetchTimeoutMs, state.remainingMs());
  if (timeoutMs <= 0) return refuse('the call deadline has passed', false);
  if (req.body !== null) {
    const text = typeof req.body === 'string' ? req.body : req.body.toString('utf8');
    record.requestBody = truncateUtf8(text, RECORD_REQUEST_BYTES);
  }
  if (limits.captureFetch) {
    // Preview: record what would be sent, answer as an empty 200, and send nothing.
    record.status = 200;
    record.responseBody = '';
    const h = ctx.newString(JSON.stringify({ status: 200, statusText: 'OK', headers: [], body: '', url: url.href }));
    try {
      deferred.resolve(h);
    } finally {
      h.dispose();
    }
    return;
  }

  const controller = new AbortController();
  const op: PendingOp = {
    release: () => deferred.dispose(),
    cancel: () => {
      record.error ??= 'cancelled: the call ended before the response arrived';
      record.durationMs = elapsed();
      controller.abort();
    },
  };
  let pending: Promise<HttpResult>;
  try {
    pending = requestOutbound(
      url,
      { method: req.method, headers: headerRecord(req.headersJson), body: req.body ?? undefined },
      timeoutMs,
      { maxResponseBytes: limits.maxFetchResponseBytes, signal: controller.signal },
    );
  } catch (e) {
    return refuse(e instanceof Error ? e.message : String(e), isSsrfRefusal(e));
  }
  state.track(op);
  pending.then(
    (res) => {
      if (state.closed) return;
      record.status = res.status;
      record.durationMs = elapsed();
      record.responseBody = truncateUtf8(res.body, RECORD_BODY_BYTES);
      const json = JSON.stringify({
        status: res.status,
        statusText: res.statusText ?? '',
        headers: headerPairs(res.headers),
        body: res.body,
        url: url.href,
      });
      const h = ctx.newString(json);
      try {
        deferred.resolve(h);
      } finally {
        h.dispose();
        state.finish(op);
      }
    },
    (e: unknown) => {
      if (state.closed) return;
      const message = e instanceof Error ? e.message : String(e);
      record.error = message;
      record.durationMs = elapsed();
      if (isSsrfRefusal(e) && state.policyError === null) state.policyError = message;
      try {
        rejectWith(ctx, deferred, 'TypeError', `fetch failed: ${message}`);
      } finally {
        state.finish(op);
      }
    },
  );
}
