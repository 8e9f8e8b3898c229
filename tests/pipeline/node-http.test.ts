// The production server's fast path for the tracking API (lib/server/ingest/node-http.ts,
// run by scripts/server.mjs): which requests it takes, what it does with bodies
// that break a limit mid-stream, and that it answers exactly as the Next route
// handlers do for the same requests (ingest-api.test.ts runs the full suite on both).
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { basic, seedSource, startIngestServer, type SeededSource, type TestServer } from '@/tests/support/pipeline';
import { trackingEndpoint } from '@/lib/server/ingest/node-http';

const db = useServerDb();
let node: TestServer;
let next: TestServer;
let src: SeededSource;

beforeAll(async () => {
  [node, next] = await Promise.all([startIngestServer({ via: 'node' }), startIngestServer({ via: 'next' })]);
  src = await seedSource();
});
afterAll(async () => {
  await Promise.all([node?.close(), next?.close()]);
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on its own connection, with full control of framing (chunked or declared length). */
function raw(
  server: TestServer,
  path: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
  chunked = false,
): Promise<Raw> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (!chunked) req.setHeader('content-length', String(buf.byteLength));
    // Chunked: send in 8 KB pieces, as a streaming client would.
    for (let i = 0; i < buf.byteLength; i += 8192) req.write(buf.subarray(i, i + 8192));
    req.end();
  });
}

const json = (r: Raw) =>
  JSON.parse(r.body) as { success?: boolean; error?: { code: string; message: string; requestId?: string } };

describe('which requests the fast path takes', () => {
  it('POST to the eight tracking endpoints, with or without a query string or trailing slash; nothing else', () => {
    expect(trackingEndpoint('POST', '/v1/track')).toBe('track');
    expect(trackingEndpoint('POST', '/v1/import?x=1')).toBe('batch');
    expect(trackingEndpoint('POST', '/v1/batch/')).toBe('batch');
    expect(trackingEndpoint('POST', '/v1/alias')).toBe('alias');
    expect(trackingEndpoint('GET', '/v1/track')).toBeNull();
    expect(trackingEndpoint('OPTIONS', '/v1/track')).toBeNull();
    expect(trackingEndpoint('POST', '/v1/tracks')).toBeNull();
    expect(trackingEndpoint('POST', '/v1/track/extra')).toBeNull();
    expect(trackingEndpoint('POST', '/api/v1/track')).toBeNull();
    expect(trackingEndpoint('POST', undefined)).toBeNull();
  });
});

describe('bodies', () => {
  it('stores a chunked (no Content-Length) event and answers with API security headers', async () => {
    const r = await raw(
      node,
      '/v1/track',
      JSON.stringify({ userId: 'u', event: 'Chunked', messageId: 'nh-chunked' }),
      { authorization: basic(src.writeKey) },
      true,
    );
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ success: true });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(await db.current.prisma.event.count({ where: { sourceId: src.sourceId, messageId: 'nh-chunked' } })).toBe(1);
  });

  it('a declared Content-Length over the limit gets 400 naming it, without waiting for the body', async () => {
    // Headers only: the client announces 1 MB and never sends it. A server that read the
    // body first would wait here until the test timed out.
    const r = await new Promise<Raw>((resolve, reject) => {
      const req = http.request(
        new URL('/v1/track', node.url),
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': String(1024 * 1024),
            authorization: basic(src.writeKey),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(r.status).toBe(400);
    expect(json(r).error).toMatchObject({ code: 'payload_too_large' });
    expect(json(r).error!.message).toMatch(/32 KB limit/);
    expect(r.headers.connection).toBe('close');
  });

  it('a chunked body that passes the limit mid-stream still gets its 400, and the connection is closed', async () => {
    const body = JSON.stringify({
      batch: [
        { type: 'track', userId: 'u', event: 'E', messageId: 'nh-stream', properties: { x: 'z'.repeat(600 * 1024) } },
      ],
    });
    const r = await raw(node, '/v1/batch', body, { authorization: basic(src.writeKey) }, true);
    expect(r.status).toBe(400);
    expect(json(r).error!.message).toMatch(/500 KB limit/);
    expect(r.headers.connection).toBe('close');
    expect(await db.current.prisma.event.count({ where: { messageId: 'nh-stream' } })).toBe(0);
  });

  it('inflates gzip bodies under the same cap, and refuses a gzip bomb and bad gzip with 400', async () => {
    const ok = gzipSync(JSON.stringify({ userId: 'u', event: 'Zipped', messageId: 'nh-gzip' }));
    expect(
      (await raw(node, '/v1/track', ok, { authorization: basic(src.writeKey), 'content-encoding': 'gzip' })).status,
    ).toBe(200);
    expect(await db.current.prisma.event.count({ where: { sourceId: src.sourceId, messageId: 'nh-gzip' } })).toBe(1);
    const bomb = gzipSync(
      JSON.stringify({ userId: 'u', event: 'Bomb', properties: { x: 'a'.repeat(5 * 1024 * 1024) } }),
    );
    expect(bomb.byteLength).toBeLessThan(32 * 1024);
    const b = await raw(node, '/v1/track', bomb, { authorization: basic(src.writeKey), 'content-encoding': 'gzip' });
    expect(b.status).toBe(400);
    expect(json(b).error!.message).toMatch(/32 KB limit/);
    const bad = await raw(node, '/v1/track', 'not gzip at all', {
      authorization: basic(src.writeKey),
      'content-encoding': 'gzip',
    });
    expect(bad.status).toBe(400);
    expect(json(bad).error!.message).toMatch(/not valid gzip/);
  });
});

describe('same answers as the Next route handlers', () => {
  const cases: { name: string; path: string; body: string; auth: 'good' | 'bad' | 'none' }[] = [
    {
      name: 'a valid track',
      path: '/v1/track',
      body: JSON.stringify({ userId: 'u', event: 'Parity', messageId: 'nh-parity-1' }),
      auth: 'good',
    },
    {
      name: 'a duplicate messageId',
      path: '/v1/track',
      body: JSON.stringify({ userId: 'u', event: 'Parity', messageId: 'nh-parity-1' }),
      auth: 'good',
    },
    { name: 'malformed JSON', path: '/v1/track', body: '{"userId": ', auth: 'good' },
    { name: 'a JSON array', path: '/v1/identify', body: '[1]', auth: 'good' },
    { name: 'a missing event name', path: '/v1/track', body: JSON.stringify({ userId: 'u' }), auth: 'good' },
    { name: 'an empty batch', path: '/v1/batch', body: JSON.stringify({ batch: [] }), auth: 'good' },
    {
      name: 'an unknown write key',
      path: '/v1/page',
      body: JSON.stringify({ userId: 'u', name: 'Home' }),
      auth: 'bad',
    },
    { name: 'no write key', path: '/v1/group', body: JSON.stringify({ userId: 'u', groupId: 'g' }), auth: 'none' },
    { name: 'an empty body', path: '/v1/alias', body: '', auth: 'good' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const headers: Record<string, string> = { 'x-request-id': 'parity-request' };
      if (c.auth === 'good') headers.authorization = basic(src.writeKey);
      if (c.auth === 'bad') headers.authorization = basic('wk_nope');
      const a = await raw(node, c.path, c.body, headers);
      const b = await raw(next, c.path, c.body, headers);
      expect(a.status).toBe(b.status);
      expect(a.body).toBe(b.body);
      expect(a.headers['content-type']).toBe(b.headers['content-type']);
      expect(a.headers['www-authenticate']).toBe(b.headers['www-authenticate']);
    });
  }
});
