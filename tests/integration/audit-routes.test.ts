// The audit API end to end through the real route handlers: session cookie,
// membership, permission, zod input, audited read, CSV stream, verify.
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { testMeta, workspaceId } from '@/tests/support/ctx';
import { seedDemo } from '@/lib/server/seed/demo';
import { createSession } from '@/lib/server/sessions/sessions';
import { GET as listRoute } from '@/app/api/workspaces/[workspaceId]/audit/route';
import { GET as exportRoute } from '@/app/api/workspaces/[workspaceId]/audit/export/route';
import { POST as verifyRoute } from '@/app/api/workspaces/[workspaceId]/audit/verify/route';
import type { AuditPage, AuditVerifyView } from '@/lib/schemas/audit';

const db = useServerDb();
const COMPLIANCE = 'compliance@sunshine-health.example';
let ws: string;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_audit_routes' });
  ws = await workspaceId('sunshine-health');
});
afterEach(async () => {
  await db.current.raw.exec(
    `DROP TRIGGER IF EXISTS test_audit_fail ON "AuditLog"; DROP FUNCTION IF EXISTS test_audit_fail();`,
  );
});

type Handler = (req: NextRequest, args: { params: Promise<{ workspaceId: string }> }) => Promise<Response>;

async function call(handler: Handler, email: string, path: string, method = 'GET', workspace = ws): Promise<Response> {
  const user = await db.current.prisma.user.findUniqueOrThrow({ where: { email } });
  const sid = await createSession(user.id, testMeta, true);
  const jwt = await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET as string });
  const url = `http://localhost/api/workspaces/${workspace}/audit${path}`;
  const req = new NextRequest(url, {
    method,
    headers: { cookie: `next-auth.session-token=${jwt}`, origin: 'http://localhost', host: 'localhost' },
  });
  return handler(req, { params: Promise.resolve({ workspaceId: workspace }) });
}

const count = (eventType: string) => db.current.prisma.auditLog.count({ where: { workspaceId: ws, eventType } });

describe('GET /audit', () => {
  it('returns a page and writes exactly one "Audit Log Viewed" row per request', async () => {
    const before = await count('audit.viewed');
    const res = await call(listRoute, COMPLIANCE, '?limit=2&endUserId=eu-1');
    expect(res.status).toBe(200);
    const page = (await res.json()) as AuditPage;
    expect(Array.isArray(page.items)).toBe(true);
    expect(await count('audit.viewed')).toBe(before + 1);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'audit.viewed' },
      orderBy: { seq: 'desc' },
    });
    expect(row).toMatchObject({
      endUserId: 'eu-1',
      targetType: 'audit_log',
      targetId: ws,
      ip: null,
      actorType: 'user',
    });
    expect(row.changes).toEqual({ filter: { endUserId: 'eu-1' } });
  });

  it('pages with the returned cursor', async () => {
    const first = (await (await call(listRoute, COMPLIANCE, '?limit=2')).json()) as AuditPage;
    expect(first.items).toHaveLength(2);
    const second = (await (
      await call(listRoute, COMPLIANCE, `?limit=2&cursor=${first.nextCursor}`)
    ).json()) as AuditPage;
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
    expect(second.prevCursor).toBeTruthy();
  });

  it.each([
    ['?eventType=audit.nope', /Unknown event type/],
    ['?from=yesterday', /from/],
    ['?limit=5000', /limit/],
    ['?cursor=garbage', /cursor/i],
  ])('rejects %s with 400 and a message', async (q, msg) => {
    const res = await call(listRoute, COMPLIANCE, q);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(msg);
  });

  it('refuses a member without the permission (403) and a non-member (404)', async () => {
    expect((await call(listRoute, 'member@sunshine-health.example', '')).status).toBe(403);
    expect((await call(listRoute, 'owner@northwind-clinic.example', '')).status).toBe(404);
  });

  it('returns 503 and no data when the audit row cannot be written', async () => {
    await db.current.raw.exec(`CREATE FUNCTION test_audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated'; END $$;
      CREATE TRIGGER test_audit_fail BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_audit_fail();`);
    const res = await call(listRoute, COMPLIANCE, '');
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('items');
    expect(body).toMatchObject({ error: { code: 'audit_unavailable' } });
  });
});

describe('GET /audit/export', () => {
  it('records "Audit Log Exported" with the filter before streaming the CSV', async () => {
    const before = await count('audit.exported');
    const res = await call(exportRoute, 'owner@sunshine-health.example', '?eventType=workspace.created,source.created');
    expect(res.status).toBe(200);
    // Written before a single byte of the body has been read.
    expect(await count('audit.exported')).toBe(before + 1);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-log-sunshine-health-.*\.csv"$/,
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,timestamp_utc,workspace_id,actor_user_id,actor_type,event_type,event_name,end_user_id,target_type,target_id,ip,user_agent,request_id,changes,prev_hash,hash',
    );
    expect(lines.slice(1).every((l) => /,(workspace|source)\.created,/.test(l))).toBe(true);
    expect(lines.length).toBe(3);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'audit.exported' },
      orderBy: { seq: 'desc' },
    });
    expect(row.changes).toEqual({ filter: { eventType: ['workspace.created', 'source.created'] }, format: 'csv' });
  });

  it('is not available to members', async () => {
    expect((await call(exportRoute, 'member@sunshine-health.example', '')).status).toBe(403);
  });
});

describe('POST /audit/verify', () => {
  it('verifies the workspace chain and records the result', async () => {
    const res = await call(verifyRoute, COMPLIANCE, '/verify', 'POST');
    expect(res.status).toBe(200);
    const v = (await res.json()) as AuditVerifyView;
    expect(v).toMatchObject({ ok: true, firstBroken: null });
    expect(v.checked).toBeGreaterThan(3);
    const row = await db.current.prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: ws, eventType: 'audit.verified' },
    });
    expect(row.changes).toMatchObject({ ok: true, checked: v.checked, headSeq: v.headSeq });
  });

  it('reports a tampered chain', async () => {
    await db.current.raw.exec(`ALTER TABLE "AuditLog" DISABLE TRIGGER ALL;
      UPDATE "AuditLog" SET "eventType" = 'auth.signed_out' WHERE "workspaceId" = '${ws}' AND seq = 2;
      ALTER TABLE "AuditLog" ENABLE TRIGGER ALL;`);
    const v = (await (await call(verifyRoute, COMPLIANCE, '/verify', 'POST')).json()) as AuditVerifyView;
    expect(v).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'hash_mismatch' } });
  });

  it('is not available to members', async () => {
    expect((await call(verifyRoute, 'member@sunshine-health.example', '/verify', 'POST')).status).toBe(403);
  });
});
