import 'server-only';
import { getDb, type Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { revokeAllSessions } from '@/lib/server/sessions/sessions';
import { randomToken, sha256Hex } from '@/lib/server/platform/tokens';
import type { Role } from '@/lib/permissions';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export async function listMembers(ctx: WorkspaceCtx) {
  const db = await getDb();
  const [members, invites] = await Promise.all([
    db.membership.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        role: true,
        piiAccess: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true, totpEnabledAt: true } },
      },
    }),
    db.invite.findMany({
      where: { workspaceId: ctx.workspace.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return {
    members: members.map((m) => ({
      id: m.id,
      role: m.role as Role,
      piiAccess: m.piiAccess,
      createdAt: m.createdAt,
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      mfa: Boolean(m.user.totpEnabledAt),
    })),
    invites: invites.map((i) => ({ ...i, role: i.role as Role })),
  };
}

/** Creates a one-time invite link. Only its hash is stored; the link is shown once to the owner. */
export async function inviteMember(
  ctx: WorkspaceCtx,
  input: { email: string; role: Role },
): Promise<{ inviteId: string; token: string }> {
  const db = await getDb();
  const email = input.email.trim().toLowerCase();
  const existing = await db.membership.findFirst({
    where: { workspaceId: ctx.workspace.id, user: { email } },
    select: { id: true },
  });
  if (existing) throw new AppError('conflict', 'That person is already a member of this workspace.');
  const token = randomToken();
  const invite = await auditedChange(ctx, 'member.invited', async (tx, audit) => {
    const inv = await tx.invite.create({
      data: {
        workspaceId: ctx.workspace.id,
        email,
        role: input.role,
        tokenHash: sha256Hex(`invite:${token}`),
        invitedById: ctx.user.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      },
    });
    audit.record({ target: { type: 'invite', id: inv.id }, changes: { role: input.role } });
    return inv;
  });
  return { inviteId: invite.id, token };
}

export async function revokeInvite(ctx: WorkspaceCtx, inviteId: string): Promise<void> {
  await auditedChange(ctx, 'member.invite_revoked', async (tx, audit) => {
    const r = await tx.invite.updateMany({
      where: { id: inviteId, workspaceId: ctx.workspace.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) throw new AppError('not_found', 'Invite not found.');
    audit.record({ target: { type: 'invite', id: inviteId } });
  });
}

async function loadMember(tx: Tx, ctx: WorkspaceCtx, memberId: string) {
  const m = await tx.membership.findFirst({
    where: { id: memberId, workspaceId: ctx.workspace.id },
    select: { id: true, role: true, piiAccess: true, userId: true },
  });
  if (!m) throw new AppError('not_found', 'Member not found.');
  return m;
}

/** A workspace must always keep at least one owner. */
async function assertNotLastOwner(tx: Tx, workspaceId: string, member: { role: string }) {
  if (member.role !== 'owner') return;
  const owners = await tx.membership.count({ where: { workspaceId, role: 'owner' } });
  if (owners <= 1)
    throw new AppError('conflict', 'A workspace needs at least one owner. Make someone else an owner first.');
}

export async function updateMember(
  ctx: WorkspaceCtx,
  memberId: string,
  input: { role?: Role; piiAccess?: boolean },
): Promise<void> {
  await auditedChange(ctx, ['member.role_changed', 'member.pii_access_changed'], async (tx, audit) => {
    const m = await loadMember(tx, ctx, memberId);
    const target = { type: 'user', id: m.userId };
    if (input.role && input.role !== m.role) {
      await assertNotLastOwner(tx, ctx.workspace.id, m);
      await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
      audit.diff({
        eventType: 'member.role_changed',
        target,
        before: m,
        after: { ...m, role: input.role },
        fields: ['role'],
      });
    }
    if (input.piiAccess !== undefined && input.piiAccess !== m.piiAccess) {
      await tx.membership.update({ where: { id: m.id }, data: { piiAccess: input.piiAccess } });
      audit.diff({
        eventType: 'member.pii_access_changed',
        target,
        before: m,
        after: { ...m, piiAccess: input.piiAccess },
        fields: ['piiAccess'],
      });
    }
  });
}

/** Removing a member ends all of their sessions at once. */
export async function removeMember(ctx: WorkspaceCtx, memberId: string): Promise<{ sessionsRevoked: number }> {
  return auditedChange(ctx, 'member.removed', async (tx, audit) => {
    const m = await loadMember(tx, ctx, memberId);
    await assertNotLastOwner(tx, ctx.workspace.id, m);
    await tx.membership.delete({ where: { id: m.id } });
    const sessionsRevoked = await revokeAllSessions(tx, m.userId, 'member_removed');
    audit.record({ target: { type: 'user', id: m.userId }, changes: { role: m.role, sessionsRevoked } });
    return { sessionsRevoked };
  });
}
