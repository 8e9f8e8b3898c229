import 'server-only';
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
  let buf = Buffer.concat(chunks, size);
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

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new AppError('bad_request', 'Request body is empty; expected a JSON object.');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON.');
  }
}
