import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/server/errors';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { sessionFromCookies } from '@/lib/server/sessions/current';
import { loadWorkspaceCtx } from '@/lib/server/context/workspace';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';
import type { Permission } from '@/lib/permissions';

const SIGN_OUT_REASONS: Partial<Record<AppError['code'], string>> = { session_idle: 'idle', session_expired: 'expired' };

/**
 * Every console page calls this (layouts are not re-rendered on client
 * navigation, so a layout check alone would miss requests). A navigation is
 * user activity; a router prefetch is not.
 */
export const requireUser = cache(async (): Promise<SessionCtx> => {
  const h = await headers();
  const jar = await cookies();
  const meta = metaFromHeaders(h);
  const prefetch = h.get('next-router-prefetch') === '1' || h.get('purpose') === 'prefetch' || h.get('sec-purpose')?.includes('prefetch');
  try {
    const session = await sessionFromCookies((n) => jar.get(n)?.value, meta, !prefetch);
    return { session, user: session.user, meta };
  } catch (e) {
    if (e instanceof AppError && (e.status === 401)) {
      const reason = SIGN_OUT_REASONS[e.code];
      const after = e.code === 'session_idle' ? `&after=${Math.round(Number(e.details?.idleSeconds ?? 900) / 60)}` : '';
      redirect(reason ? `/login?reason=${reason}${after}` : '/login');
    }
    throw e;
  }
});

export async function requirePage(workspaceId: string, permission?: Permission): Promise<WorkspaceCtx> {
  const base = await requireUser();
  try {
    const ctx = await loadWorkspaceCtx(base, workspaceId);
    if (permission && !ctx.can(permission)) notFound();
    return ctx;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    if (e instanceof AppError && e.code === 'mfa_required') redirect(`/account/security?required=${encodeURIComponent(workspaceId)}`);
    throw e;
  }
}
