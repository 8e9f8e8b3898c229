import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { auditedChange } from '@/lib/server/audit/change';
import type { AuditActor } from '@/lib/server/audit/record';
import { sha256Hex } from '@/lib/server/platform/tokens';
import { hashPassword, MIN_PASSWORD_LENGTH } from '@/lib/server/sessions/password';
import type { RequestMeta } from '@/lib/server/platform/request-meta';

async function findOpenInvite(token: string) {
  const db = await getDb();
  const invite = await db.invite.findUnique({
    where: { tokenHash: sha256Hex(`invite:${token}`) },
    select: {
      id: true,
      email: true,
      role: true,
      workspaceId: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      workspace: { select: { name: true } },
    },
  });
  if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt <= new Date()) {
    throw new AppError('not_found', 'This invite link is invalid, expired or already used.');
  }
  return invite;
}

/** What the invite page may show: no token, no ids beyond what the link already implies. */
export async function describeInvite(token: string) {
  const invite = await findOpenInvite(token);
  const db = await getDb();
  const hasAccount = Boolean(await db.user.findUnique({ where: { email: invite.email }, select: { id: true } }));
  return { email: invite.email, role: invite.role, workspaceName: invite.workspace.name, hasAccount };
}

/**
 * Accepts an invite. An existing account must be signed in as the invited
 * email; a new person sets their name and password here.
 */
export async function acceptInvite(
  token: string,
  input: { signedInUserId?: string; name?: string; password?: string },
  meta: RequestMeta,
): Promise<{ workspaceId: string; newAccount: boolean }> {
  const invite = await findOpenInvite(token);
  const db = await getDb();
  const existing = await db.user.findUnique({ where: { email: invite.email }, select: { id: true } });
  if (existing && existing.id !== input.signedInUserId) {
    throw new AppError('forbidden', `Sign in as ${invite.email} to accept this invite.`);
  }
  if (!existing && (!input.name?.trim() || !input.password || input.password.length < MIN_PASSWORD_LENGTH)) {
    throw new AppError(
      'validation_failed',
      `Enter your name and a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const passwordHash = existing ? null : await hashPassword(input.password!);
  // A new account's id is chosen here, so that the audit row can name the person
  // accepting as its actor (there is no session context yet).
  const userId = existing?.id ?? randomUUID();
  const actor: AuditActor = {
    workspaceId: invite.workspaceId,
    actorUserId: userId,
    actorType: 'user',
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
  return auditedChange(actor, 'member.invite_accepted', async (tx, audit) => {
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) throw new AppError('conflict', 'This invite was already used.');
    if (!existing)
      await tx.user.create({
        data: { id: userId, email: invite.email, name: input.name!.trim(), passwordHash: passwordHash! },
      });
    await tx.membership.create({ data: { workspaceId: invite.workspaceId, userId, role: invite.role } });
    audit.record({ target: { type: 'invite', id: invite.id }, changes: { role: invite.role, newAccount: !existing } });
    return { workspaceId: invite.workspaceId, newAccount: !existing };
  });
}
