// Fuzzing the tracking API over HTTP (fast-check): random JSON shapes, wrong
// types, huge strings, deep nesting, control characters and lone surrogates,
// garbage bodies and headers. The property: never a 5xx, and the server keeps
// serving (a valid event right after every case is stored).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import {
  basic,
  seedDestination,
  seedSource,
  startIngestServer,
  type SeededSource,
  type TestServer,
} from '@/tests/support/pipeline';

const db = useServerDb();
let server: TestServer;
let src: SeededSource;

beforeAll(async () => {
  server = await startIngestServer();
  src = await seedSource({ blockRed: true });
  await seedDestination(src, { settings: { url: 'https://hooks.example.com/fuzz' } });
});
afterAll(async () => {
  await server?.close();
});

const PATHS = [
  '/v1/track',
  '/v1/identify',
  '/v1/page',
  '/v1/screen',
  '/v1/group',
  '/v1/alias',
  '/v1/batch',
  '/v1/import',
];

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', '\u202e', '\r\n', '"', '\\', '__proto__', 'constructor'),
  fc.integer({ min: 30_000, max: 40_000 }).map((n) => 'x'.repeat(n)),
);
const leaf = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const deep = fc.integer({ min: 1, max: 300 }).map((n) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
  return v;
});
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), deep, leaf, fc.dictionary(nasty, leaf, { maxKeys: 8 }));
const timeish = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  nasty,
  fc.integer(),
  fc.constant('-271821-04-20T00:00:00.000Z'),
  fc.constant('+275760-09-13T00:00:00.000Z'),
);

const message = fc.record(
  {
    type: fc.oneof(fc.constantFrom('track', 'identify', 'page', 'screen', 'group', 'alias'), nasty, fc.integer()),
    userId: fc.oneof(nasty, fc.integer(), fc.double(), fc.constant(null), anyJson),
    anonymousId: fc.oneof(nasty, fc.integer(), anyJson),
    event: fc.oneof(nasty, fc.integer(), anyJson),
    name: fc.oneof(nasty, anyJson),
    groupId: fc.oneof(nasty, fc.integer()),
    previousId: fc.oneof(nasty, fc.integer()),
    messageId: fc.oneof(nasty, fc.integer(), fc.string({ minLength: 250, maxLength: 300 }), anyJson),
    properties: anyJson,
    traits: anyJson,
    context: fc.oneof(anyJson, fc.record({ consent: anyJson, traits: anyJson, ip: nasty }, { requiredKeys: [] })),
    integrations: anyJson,
    timestamp: timeish,
    sentAt: timeish,
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  message.map((m) => JSON.stringify(m)),
  fc.array(message, { maxLength: 30 }).map((batch) => JSON.stringify({ batch, sentAt: new Date().toISOString() })),
  fc.record({ batch: anyJson, sentAt: timeish }).map((b) => JSON.stringify(b)),
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '{"userId":', '[]', 'null', '{"batch":[{}]}', '\u0000', '{"a":1}{"b":2}'),
);
const authHeader = fc.oneof(
  fc.constant('valid'),
  fc.constantFrom('', 'Basic', 'Basic !!!', 'Bearer x', `Basic ${Buffer.from(':').toString('base64')}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 50 }).map((s) => `Basic ${s}`),
);

async function probe(path: string, payload: string, auth: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = auth === 'valid' ? basic(src.writeKey) : auth;
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: payload });
  await res.arrayBuffer();
  return res.status;
}

describe('tracking API fuzz', () => {
  it('never answers 5xx and keeps serving', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), body, authHeader, async (path, payload, auth) => {
        const status = await probe(path, payload, auth);
        expect([200, 400, 401, 429]).toContain(status);
        // Liveness after every case: a valid event still goes in.
        const ok = await probe(
          '/v1/track',
          JSON.stringify({ userId: 'alive', event: 'Still Here', messageId: `alive-${n++}` }),
          'valid',
        );
        expect(ok).toBe(200);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 250), endOnFailure: true },
    );
    expect(
      await db.current.prisma.event.count({ where: { sourceId: src.sourceId, messageId: { startsWith: 'alive-' } } }),
    ).toBe(n);
  }, 120_000);
});
