// The audit filter bar's options through the real route handlers: who can be picked
// as the actor (members and past actors of this workspace only) and which event
// types are offered (exactly those written in this workspace's log).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO, type RouteHandler } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { GET as actorsRoute } from '@/app/api/workspaces/[workspaceId]/audit/actors/route';
import { GET as eventTypesRoute } from '@/app/api/workspaces/[workspaceId]/audit/event-types/route';
import { GET as listRoute } from '@/app/api/workspaces/[workspaceId]/audit/route';
import { POST as verifyRoute } from '@/app/api/workspaces/[workspaceId]/audit/verify/route';
import { DELETE as removeMemberRoute } from '@/app/api/workspaces/[workspaceId]/members/[memberId]/route';
import { auditDisplayName } from '@/lib/audit-events';
import type { AuditActorList, AuditEventTypeList } from '@/lib/schemas/audit';

const db = useServerDb();
const FORMER = 'frank.former@sunshine-health.example';
const STRANGER = 'stan.stranger@elsewhere.example';
let sunshine: string;
let northwind: string;

const actors = (ws: string, query: string, as: string = DEMO.compliance) =>
  callRoute<AuditActorList>(actorsRoute as RouteHandler, {
    as,
    params: { workspaceId: ws },
    path: `/api/workspaces/${ws}/audit/actors${query}`,
  });
const eventTypes = (ws: string, as: string = DEMO.compliance) =>
  callRoute<AuditEventTypeList>(eventTypesRoute as RouteHandler, {
    as,
    params: { workspaceId: ws },
    path: `/api/workspaces/${ws}/audit/event-types`,
  });
const viewLog = (ws: string, as: string) =>
  callRoute(listRoute as RouteHandler, { as, params: { workspaceId: ws }, path: `/api/workspaces/${ws}/audit` });
const emails = (r: { body: AuditActorList }) => r.body.items.map((i) => i.email).sort();

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_audit_filters' });
  sunshine = await workspaceId('sunshine-health');
  northwind = await workspaceId('northwind-clinic');
  const prisma = db.current.prisma;
  // A compliance officer who reads the log, then leaves: a former member who is in the log.
  const frank = await prisma.user.create({ data: { email: FORMER, name: 'Frank Former', passwordHash: 'x' } });
  const m = await prisma.membership.create({ data: { workspaceId: sunshine, userId: frank.id, role: 'compliance' } });
  expect((await viewLog(sunshine, FORMER)).status).toBe(200);
  const removed = await callRoute(removeMemberRoute as RouteHandler, {
    as: DEMO.owner,
    method: 'DELETE',
    params: { workspaceId: sunshine, memberId: m.id },
    path: `/api/workspaces/${sunshine}/members/${m.id}`,
  });
  expect(removed.status).toBe(200);
  // Someone in no workspace at all, and the Northwind owner acting in Northwind's log.
  await prisma.user.create({ data: { email: STRANGER, name: 'Stan Stranger', passwordHash: 'x' } });
  expect((await viewLog(northwind, DEMO.otherOwner)).status).toBe(200);
  expect((await viewLog(sunshine, DEMO.owner)).status).toBe(200);
});

describe('GET /audit/actors', () => {
  it('matches part of a name or an email, whatever the case', async () => {
    const byName = await actors(sunshine, '?q=oLIv');
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([
      { userId: expect.any(String), name: 'Olivia Owner', email: DEMO.owner, member: true },
    ]);
    expect(emails(await actors(sunshine, '?q=MEMBER%40SUNSHINE'))).toEqual([DEMO.member]);
    expect(emails(await actors(sunshine, '?q=ompl'))).toEqual([DEMO.compliance]);
    expect(emails(await actors(sunshine, '?q=sunshine-health.example'))).toEqual(
      [DEMO.compliance, FORMER, DEMO.member, DEMO.owner].sort(),
    );
  });

  it('finds a former member who appears in the log, by email and by name, marked as not a member', async () => {
    const r = await actors(sunshine, '?q=frank.former%40');
    expect(r.body.items).toEqual([{ userId: expect.any(String), name: 'Frank Former', email: FORMER, member: false }]);
    expect(emails(await actors(sunshine, '?q=former'))).toEqual([FORMER]);
    // Current members come first.
    const all = (await actors(sunshine, '?q=sunshine')).body.items;
    expect(all.at(-1)?.email).toBe(FORMER);
  });

  it('never offers anyone from another workspace, or from none', async () => {
    // Nora is in Northwind's log and a member there, and matches; Stan matches and is nowhere.
    expect((await actors(sunshine, '?q=nora')).body.items).toEqual([]);
    expect((await actors(sunshine, '?q=northwind')).body.items).toEqual([]);
    expect((await actors(sunshine, '?q=stan')).body.items).toEqual([]);
    expect(emails(await actors(sunshine, '?q=example'))).not.toContain(DEMO.otherOwner);
    // The same search in Northwind finds her, and none of Sunshine's people.
    expect(emails(await actors(northwind, '?q=example', DEMO.otherOwner))).toEqual([DEMO.otherOwner]);
    const nora = await db.current.prisma.user.findUniqueOrThrow({ where: { email: DEMO.otherOwner } });
    expect((await actors(sunshine, `?userId=${nora.id}`)).body.items).toEqual([]);
  });

  it('looks one actor up by id (a filter read from a URL), former members included', async () => {
    const frank = await db.current.prisma.user.findUniqueOrThrow({ where: { email: FORMER } });
    const r = await actors(sunshine, `?userId=${frank.id}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{ userId: frank.id, name: 'Frank Former', email: FORMER, member: false }]);
    expect((await actors(sunshine, `?userId=${randomUUID()}`)).body.items).toEqual([]);
  });

  it('takes LIKE wildcards literally', async () => {
    expect((await actors(sunshine, '?q=%25')).body.items).toEqual([]);
    expect((await actors(sunshine, '?q=_')).body.items).toEqual([]);
    expect((await actors(sunshine, '?q=!')).body.items).toEqual([]);
  });

  it.each([
    ['', /either q/],
    ['?q=', /Type part of a name or email/],
    ['?q=%20%20', /Type part of a name or email/],
    [`?q=${'a'.repeat(101)}`, /at most 100/],
    ['?userId=not-a-uuid', /userId must be a user id/],
    [`?q=oli&userId=${randomUUID()}`, /either q/],
  ])('rejects %s with 400 and a message', async (query, message) => {
    const r = await actors(sunshine, query);
    expect(r.status).toBe(400);
    expect((r.body as unknown as { error: { message: string } }).error.message).toMatch(message);
  });

  it('is for owner and compliance (403 for members) and 404 for non-members', async () => {
    expect((await actors(sunshine, '?q=o', DEMO.owner)).status).toBe(200);
    expect((await actors(sunshine, '?q=o', DEMO.member)).status).toBe(403);
    expect((await actors(sunshine, '?q=o', DEMO.otherOwner)).status).toBe(404);
  });

  it('writes no audit row', async () => {
    const before = await db.current.prisma.auditLog.count({ where: { workspaceId: sunshine } });
    await actors(sunshine, '?q=o');
    expect(await db.current.prisma.auditLog.count({ where: { workspaceId: sunshine } })).toBe(before);
  });
});

describe('GET /audit/event-types', () => {
  const written = async (ws: string) =>
    (
      await db.current.raw.query<{ t: string }>(
        `SELECT DISTINCT "eventType" AS t FROM "AuditLog" WHERE "workspaceId" = $1::uuid`,
        [ws],
      )
    ).map((r) => r.t);

  it('offers exactly the event types written in this workspace, with their names', async () => {
    for (const [ws, as] of [
      [sunshine, DEMO.compliance],
      [northwind, DEMO.otherOwner],
    ] as const) {
      const r = await eventTypes(ws, as);
      expect(r.status).toBe(200);
      expect(r.body.items.map((i) => i.eventType).sort()).toEqual((await written(ws)).sort());
      for (const i of r.body.items) expect(i.eventName).toBe(auditDisplayName(i.eventType));
    }
    // Sorted by display name.
    const names = (await eventTypes(sunshine)).body.items.map((i) => i.eventName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('follows what is written: a type appears once a row of it exists, and only in its workspace', async () => {
    const offered = async (ws: string, as: string) => (await eventTypes(ws, as)).body.items.map((i) => i.eventType);
    expect(await offered(sunshine, DEMO.compliance)).toContain('member.removed');
    expect(await offered(northwind, DEMO.otherOwner)).not.toContain('member.removed');
    expect(await offered(northwind, DEMO.otherOwner)).not.toContain('audit.verified');
    const verified = await callRoute(verifyRoute as RouteHandler, {
      as: DEMO.otherOwner,
      method: 'POST',
      params: { workspaceId: northwind },
      path: `/api/workspaces/${northwind}/audit/verify`,
    });
    expect(verified.status).toBe(200);
    expect(await offered(northwind, DEMO.otherOwner)).toContain('audit.verified');
    expect(await offered(sunshine, DEMO.compliance)).not.toContain('audit.verified');
  });

  it('is for owner and compliance (403 for members) and 404 for non-members', async () => {
    expect((await eventTypes(sunshine, DEMO.owner)).status).toBe(200);
    expect((await eventTypes(sunshine, DEMO.member)).status).toBe(403);
    expect((await eventTypes(sunshine, DEMO.otherOwner)).status).toBe(404);
  });
});
