import 'server-only';
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { AppError } from '@/lib/server/errors';
import { kb } from '@/lib/server/ingest/limits';

function tooLarge(limit: number, what: string): AppError {
  return new AppError('payload_too_large', `${what} exceeds the ${kb(limit)} limit.`, { limitBytes: limit });
}

/**
 * Reads the request body, refusing as soon as it passes `limit` bytes, so an
 * oversized or endless body costs at most `limit` bytes of memory. Gzip bodies
 * (Content-Encoding: gzip, as some Segment libraries send) are inflated under
 * the same cap.
 */
export async function readBody(req: Request, limit: number, what: string): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  const gzip = /^\s*gzip\s*$/i.test(req.headers.get('content-encoding') ?? '');
  if (!gzip && Number.isFinite(declared) && declared > limit) throw tooLarge(limit, what);
  if (!req.body) return '';
  // With a Content-Length the HTTP parser frames the body to exactly that many bytes,
  // so it can be read in one go (cheaper than pulling chunks through the stream).
  if (!gzip && Number.isFinite(declared)) return Buffer.from(await req.arrayBuffer()).toString('utf8');
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit, what);
    }
    chunks.push(value);
  }
  return decode(Buffer.concat(chunks, size), gzip, limit, what);
}

/** Inflates a gzip body under the same cap and decodes it as UTF-8. */
function decode(raw: Buffer, gzip: boolean, limit: number, what: string): string {
  let buf = raw;
  if (gzip) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: limit + 1 });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit, what);
      throw new AppError('bad_request', 'Request body is not valid gzip.');
    }
    if (buf.byteLength > limit) throw tooLarge(limit, what);
  }
  return buf.toString('utf8');
}

/**
 * readBody for a Node IncomingMessage (the production server's fast path for
 * /v1/*): the same limits and gzip handling. Past the limit it stops buffering and
 * discards the rest of the body without destroying the socket, so the client
 * still receives the 400 (the caller closes the connection afterwards).
 */
export function readNodeBody(req: IncomingMessage, limit: number, what: string): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const gzip = /^\s*gzip\s*$/i.test(String(req.headers['content-encoding'] ?? ''));
  if (!gzip && Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit, what));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.byteLength;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit, what));
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(decode(Buffer.concat(chunks, size), gzip, limit, what));
      } catch (e) {
        reject(e);
      }
    };
    const onError = () => {
      cleanup();
      reject(new AppError('bad_request', 'The request body could not be read.'));
    };
    const onClose = () => {
      cleanup();
      reject(new AppError('bad_request', 'The request body ended early.'));
    };
    function cleanup() {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new AppError('bad_request', 'Request body is empty; expected a JSON object.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON.');
  }
}
