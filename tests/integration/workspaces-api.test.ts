// Workspaces and the BAA through the real route handlers: create, rename, record
// and revoke the BAA, tenant isolation, roles, validation, audit rows, and the
// 15-minute idle limit that eligibility switches on.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { testMeta, workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { createSession, validateSession } from '@/lib/server/sessions/sessions';
import { DEFAULT_IDLE_SECONDS, HIPAA_IDLE_SECONDS } from '@/lib/sessions/policy';
import { POST as createWs } from '@/app/api/workspaces/route';
import { PATCH as renameWs } from '@/app/api/workspaces/[workspaceId]/route';
import {
  DELETE as revokeBaaRoute,
  GET as baaRoute,
  POST as recordBaaRoute,
} from '@/app/api/workspaces/[workspaceId]/baa/route';
import type { BaaStatus } from '@/lib/server/workspaces/workspaces';

const db = useServerDb();
let sunshine: string;
let northwind: string;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_workspaces' });
  sunshine = await workspaceId('sunshine-health');
  northwind = await workspaceId('northwind-clinic');
});

const audits = (workspaceId: string, eventType: string) =>
  db.current.prisma.auditLog.findMany({ where: { workspaceId, eventType }, orderBy: { seq: 'asc' } });
const goodBaa = { signedAt: '2026-01-15', signatory: 'Dana Signer, CEO', planTier: 'business' };

describe('POST /api/workspaces', () => {
  it('creates a workspace, makes the creator its owner, and audits it', async () => {
    const r = await callRoute<{ id: string; slug: string; name: string }>(createWs, {
      as: DEMO.member,
      params: {},
      method: 'POST',
      body: { name: '  Sunshine Health  ' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Sunshine Health', slug: 'sunshine-health-2' });
    const m = await db.current.prisma.membership.findFirstOrThrow({
      where: { workspaceId: r.body.id, user: { email: DEMO.member } },
    });
    expect(m.role).toBe('owner');
    const [row] = await audits(r.body.id, 'workspace.created');
    expect(row).toMatchObject({
      actorUserId: m.userId,
      targetId: r.body.id,
      changes: { name: 'Sunshine Health', slug: 'sunshine-health-2' },
    });
  });

  it('derives unique slugs and rejects bad names', async () => {
    const a = await callRoute<{ slug: string }>(createWs, {
      as: DEMO.owner,
      params: {},
      method: 'POST',
      body: { name: 'Émile & Co. Clinic!' },
    });
    expect(a.body.slug).toBe('emile-co-clinic');
    for (const name of ['', '   ', 'x'.repeat(101), 'bad\u0007name']) {
      const r = await callRoute<{ error: { code: string } }>(createWs, {
        as: DEMO.owner,
        params: {},
        method: 'POST',
        body: { name },
      });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
  });

  it('needs a session', async () => {
    const r = await callRoute(createWs, { as: null, params: {}, method: 'POST', body: { name: 'Nope' } });
    expect(r.status).toBe(401);
  });
});

describe('PATCH /api/workspaces/:id (rename)', () => {
  it('lets the owner rename, keeps the slug, and audits before/after', async () => {
    const r = await callRoute<{ name: string; slug: string }>(renameWs, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'PATCH',
      body: { name: 'Sunshine Health Group' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Sunshine Health Group', slug: 'sunshine-health' });
    const rows = await audits(sunshine, 'workspace.renamed');
    expect(rows.at(-1)?.changes).toEqual({
      before: { name: 'Sunshine Health' },
      after: { name: 'Sunshine Health Group' },
    });
    // The same name again changes nothing and logs nothing.
    await callRoute(renameWs, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'PATCH',
      body: { name: 'Sunshine Health Group' },
    });
    expect(await audits(sunshine, 'workspace.renamed')).toHaveLength(rows.length);
  });

  it('is owner-only and tenant-scoped', async () => {
    expect(
      (
        await callRoute(renameWs, {
          as: DEMO.member,
          params: { workspaceId: sunshine },
          method: 'PATCH',
          body: { name: 'X' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(renameWs, {
          as: DEMO.compliance,
          params: { workspaceId: sunshine },
          method: 'PATCH',
          body: { name: 'X' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(renameWs, {
          as: DEMO.otherOwner,
          params: { workspaceId: sunshine },
          method: 'PATCH',
          body: { name: 'X' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(renameWs, {
          as: DEMO.owner,
          params: { workspaceId: 'not-a-uuid' },
          method: 'PATCH',
          body: { name: 'X' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('BAA and the HIPAA-eligible badge', () => {
  it('starts without a BAA and says what is missing', async () => {
    const r = await callRoute<BaaStatus>(baaRoute, { as: DEMO.compliance, params: { workspaceId: sunshine } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      eligible: false,
      active: null,
      revoked: null,
      gaps: ['No Business Associate Addendum (BAA) is on record.'],
    });
  });

  it('validates the BAA field by field', async () => {
    const bad = [
      { ...goodBaa, signedAt: '2999-01-01' },
      { ...goodBaa, signedAt: '2026-02-30' },
      { ...goodBaa, signatory: '' },
      { ...goodBaa, planTier: 'enterprise' },
    ];
    for (const body of bad) {
      const r = await callRoute<{ error: { code: string; details: { fields: { path: string }[] } } }>(recordBaaRoute, {
        as: DEMO.owner,
        params: { workspaceId: sunshine },
        method: 'POST',
        body,
      });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('a Team-tier BAA is on record but does not make the workspace eligible', async () => {
    const r = await callRoute<BaaStatus>(recordBaaRoute, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'POST',
      body: { ...goodBaa, planTier: 'team' },
    });
    expect(r.status).toBe(201);
    expect(r.body.eligible).toBe(false);
    expect(r.body.gaps[0]).toMatch(/Business plan is required/);
  });

  it('recording a Business BAA makes it eligible, supersedes the old one, and tightens the idle limit of existing sessions', async () => {
    const member = await db.current.prisma.user.findUniqueOrThrow({ where: { email: DEMO.member } });
    const token = await createSession(member.id, testMeta, true);
    expect((await validateSession(token, testMeta, true)).idleSeconds).toBe(DEFAULT_IDLE_SECONDS);

    const r = await callRoute<BaaStatus>(recordBaaRoute, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'POST',
      body: goodBaa,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      eligible: true,
      gaps: [],
      active: { signedAt: '2026-01-15', signatory: 'Dana Signer, CEO', planTier: 'business' },
    });
    expect(await db.current.prisma.baa.count({ where: { workspaceId: sunshine, revokedAt: null } })).toBe(1);
    const [row] = (await audits(sunshine, 'workspace.baa_recorded')).slice(-1);
    expect(row.changes).toMatchObject({ planTier: 'business', hipaaEligible: true });

    expect((await validateSession(token, testMeta, true)).idleSeconds).toBe(HIPAA_IDLE_SECONDS);
  });

  it('member and compliance cannot record or revoke; another tenant gets 404', async () => {
    for (const as of [DEMO.member, DEMO.compliance]) {
      expect(
        (await callRoute(recordBaaRoute, { as, params: { workspaceId: sunshine }, method: 'POST', body: goodBaa }))
          .status,
      ).toBe(403);
      expect(
        (await callRoute(revokeBaaRoute, { as, params: { workspaceId: sunshine }, method: 'DELETE' })).status,
      ).toBe(403);
    }
    expect((await callRoute(baaRoute, { as: DEMO.otherOwner, params: { workspaceId: sunshine } })).status).toBe(404);
    expect(
      (
        await callRoute(recordBaaRoute, {
          as: DEMO.otherOwner,
          params: { workspaceId: sunshine },
          method: 'POST',
          body: goodBaa,
        })
      ).status,
    ).toBe(404);
    expect(
      (await callRoute(revokeBaaRoute, { as: DEMO.otherOwner, params: { workspaceId: sunshine }, method: 'DELETE' }))
        .status,
    ).toBe(404);
    expect(await db.current.prisma.baa.count({ where: { workspaceId: northwind } })).toBe(0);
  });

  it('revoking removes eligibility, reports the revoked BAA for the banner, and is audited', async () => {
    const r = await callRoute<BaaStatus>(revokeBaaRoute, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'DELETE',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ eligible: false, active: null, revoked: { planTier: 'business' } });
    expect(r.body.revoked?.revokedAt).toBeTruthy();
    expect(await audits(sunshine, 'workspace.baa_revoked')).toHaveLength(1);
    const again = await callRoute(revokeBaaRoute, {
      as: DEMO.owner,
      params: { workspaceId: sunshine },
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
  });
});
