import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, sessionCtxFor, testMeta, workspaceId } from '@/tests/support/ctx';
import { seedDemo } from '@/lib/server/seed/demo';
import { inviteMember, listMembers, removeMember, updateMember } from '@/lib/server/members/members';
import { acceptInvite, describeInvite } from '@/lib/server/members/invites';
import { loadWorkspaceCtx } from '@/lib/server/context/workspace';
import { validateSession, createSession } from '@/lib/server/sessions/sessions';
import { AppError } from '@/lib/server/errors';

const db = useServerDb();
const OWNER = 'owner@sunshine-health.example';

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_members' });
});

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e) => e instanceof AppError && e.code === code);
}

describe('members', () => {
  it('lists only the workspace’s own members', async () => {
    const { members } = await listMembers(await ctxFor(OWNER, 'sunshine-health'));
    expect(members.map((m) => m.email).sort()).toEqual([
      'compliance@sunshine-health.example',
      'member@sunshine-health.example',
      OWNER,
    ]);
  });

  it('a non-member gets not_found for the workspace', async () => {
    const northwind = await sessionCtxFor('owner@northwind-clinic.example');
    await expectCode(loadWorkspaceCtx(northwind, await workspaceId('sunshine-health')), 'not_found');
  });

  it('cannot change a member of another workspace (404), and cannot demote the last owner', async () => {
    const sunshine = await ctxFor(OWNER, 'sunshine-health');
    const northwind = await ctxFor('owner@northwind-clinic.example', 'northwind-clinic');
    const target = (await listMembers(sunshine)).members.find((m) => m.role === 'member')!;
    await expectCode(updateMember(northwind, target.id, { role: 'owner' }), 'not_found');
    const self = (await listMembers(sunshine)).members.find((m) => m.email === OWNER)!;
    await expectCode(updateMember(sunshine, self.id, { role: 'member' }), 'conflict');
  });

  it('role and PII access changes are audited with before/after', async () => {
    const ctx = await ctxFor(OWNER, 'sunshine-health');
    const target = (await listMembers(ctx)).members.find((m) => m.role === 'member')!;
    await updateMember(ctx, target.id, { piiAccess: true });
    const rows = await db.current.prisma.auditLog.findMany({
      where: { workspaceId: ctx.workspace.id, eventType: 'member.pii_access_changed' },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].changes).toEqual({ before: { piiAccess: false }, after: { piiAccess: true } });
    expect(rows[0].actorUserId).toBe(ctx.user.id);
  });

  it('removing a member revokes every session of theirs at once', async () => {
    const ctx = await ctxFor(OWNER, 'sunshine-health');
    const user = await db.current.prisma.user.findUniqueOrThrow({
      where: { email: 'compliance@sunshine-health.example' },
    });
    const token = await createSession(user.id, testMeta, false);
    const target = (await listMembers(ctx)).members.find((m) => m.userId === user.id)!;
    const r = await removeMember(ctx, target.id);
    expect(r.sessionsRevoked).toBeGreaterThanOrEqual(1);
    await expectCode(validateSession(token, testMeta, false), 'unauthenticated');
    expect(await db.current.prisma.auditLog.count({ where: { eventType: 'member.removed', targetId: user.id } })).toBe(
      1,
    );
  });

  it('invites are one-time: accept creates the account and membership, a second use fails', async () => {
    const ctx = await ctxFor(OWNER, 'sunshine-health');
    const { token } = await inviteMember(ctx, { email: 'New.Person@Example.com', role: 'compliance' });
    const stored = await db.current.prisma.invite.findFirstOrThrow({ where: { email: 'new.person@example.com' } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await describeInvite(token)).toMatchObject({
      email: 'new.person@example.com',
      role: 'compliance',
      hasAccount: false,
    });
    await expectCode(acceptInvite(token, { name: 'New', password: 'short' }, testMeta), 'validation_failed');
    const r = await acceptInvite(token, { name: 'New Person', password: 'a long enough password' }, testMeta);
    expect(r).toEqual({ workspaceId: ctx.workspace.id, newAccount: true });
    await expectCode(acceptInvite(token, { name: 'Again', password: 'a long enough password' }, testMeta), 'not_found');
    const newCtx = await ctxFor('new.person@example.com', 'sunshine-health');
    expect(newCtx.role).toBe('compliance');
  });

  it('an invite for an existing account requires being signed in as that account', async () => {
    const ctx = await ctxFor(OWNER, 'northwind-clinic').catch(() => null);
    expect(ctx).toBeNull(); // Sunshine's owner is not in Northwind
    const nw = await ctxFor('owner@northwind-clinic.example', 'northwind-clinic');
    const { token } = await inviteMember(nw, { email: OWNER, role: 'member' });
    await expectCode(acceptInvite(token, {}, testMeta), 'forbidden');
    const owner = await db.current.prisma.user.findUniqueOrThrow({ where: { email: OWNER } });
    expect(await acceptInvite(token, { signedInUserId: owner.id }, testMeta)).toMatchObject({ newAccount: false });
  });
});
