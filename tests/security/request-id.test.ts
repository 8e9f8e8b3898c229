// A client's X-Request-Id ends up in audit rows, logs and error bodies, so it is
// accepted only when it looks like an id (1 to 64 of [A-Za-z0-9._-]); anything
// else is replaced by a generated one.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { callRoute } from '@/tests/support/route-call';
import { post, startIngestServer, type TestServer } from '@/tests/support/pipeline';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { POST as logout } from '@/app/api/session/logout/route';

const db = useServerDb();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const HOSTILE = [
  'x'.repeat(65),
  'has space',
  'line\nbreak',
  'tab\there',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example")',
  'naïve',
  '../../etc/passwd;rm',
  'a,b',
];
const ACCEPTED = ['req-123', 'abc.DEF_ghi-0', 'x'.repeat(64), randomUUID(), '0'];

let server: TestServer;
beforeAll(async () => {
  server = await startIngestServer();
});
afterAll(async () => {
  await server?.close();
});

async function signedOutWith(requestId: string): Promise<string | null> {
  const email = `rid-${randomUUID()}@request-id.test`;
  const user = await db.current.prisma.user.create({ data: { email, name: 'Request Id', passwordHash: 'x' } });
  const r = await callRoute(logout, {
    as: email,
    params: {},
    method: 'POST',
    body: {},
    path: '/api/session/logout',
    headers: { 'x-request-id': requestId },
  });
  expect(r.status).toBe(200);
  const row = await db.current.prisma.auditLog.findFirstOrThrow({
    where: { actorUserId: user.id, eventType: 'auth.signed_out' },
  });
  return row.requestId;
}

describe('X-Request-Id', () => {
  it.each(ACCEPTED)('keeps a well-formed id (%s)', (id) => {
    expect(metaFromHeaders(new Headers({ 'x-request-id': id })).requestId).toBe(id);
  });

  it.each(HOSTILE)('replaces %j with a generated id', (id) => {
    const got = metaFromHeaders(new Headers({ 'x-request-id': id.replace(/\n/g, ' ') })).requestId;
    expect(got).toMatch(UUID);
  });

  it('generates one when the header is missing or empty', () => {
    expect(metaFromHeaders(new Headers()).requestId).toMatch(UUID);
    expect(metaFromHeaders(new Headers({ 'x-request-id': '' })).requestId).toMatch(UUID);
  });

  it('never stores a hostile id in an audit row; a good one is kept', async () => {
    expect(await signedOutWith('<script>alert(1)</script>')).toMatch(UUID);
    expect(await signedOutWith('y'.repeat(80))).toMatch(UUID);
    expect(await signedOutWith('ticket-4711.a_b')).toBe('ticket-4711.a_b');
  });

  it('the tracking API fast path answers with a generated id instead of a hostile one', async () => {
    const bad = await post(server, '/v1/track', { event: 'x' }, { 'x-request-id': '<img src=x onerror=1>' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.requestId).toMatch(UUID);
    const good = await post(server, '/v1/track', { event: 'x' }, { 'x-request-id': 'client-7' });
    expect(good.body.error.requestId).toBe('client-7');
  });
});
