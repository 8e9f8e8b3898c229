import 'server-only';
import type { ReactNode } from 'react';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/server/errors';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { optionalSessionFromCookies, sessionFromCookies } from '@/lib/server/sessions/current';
import { loadWorkspaceCtx } from '@/lib/server/context/workspace';
import { withDeclaredAudit, type RouteAudit, type RouteDeclaration } from '@/lib/server/audit/route-scope';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';
import type { Permission } from '@/lib/permissions';

const SIGN_OUT_REASONS: Partial<Record<AppError['code'], string>> = {
  session_idle: 'idle',
  session_expired: 'expired',
};

/**
 * Every console page calls this through its wrapper (layouts are not
 * re-rendered on client navigation, so a layout check alone would miss
 * requests). A navigation is user activity; a router prefetch is not.
 */
export const requireUser = cache(async (): Promise<SessionCtx> => {
  const h = await headers();
  const jar = await cookies();
  const meta = metaFromHeaders(h);
  const prefetch =
    h.get('next-router-prefetch') === '1' ||
    h.get('purpose') === 'prefetch' ||
    h.get('sec-purpose')?.includes('prefetch');
  try {
    const session = await sessionFromCookies((n) => jar.get(n)?.value, meta, !prefetch);
    return { session, user: session.user, meta };
  } catch (e) {
    if (e instanceof AppError && e.status === 401) {
      const reason = SIGN_OUT_REASONS[e.code];
      const after = e.code === 'session_idle' ? `&after=${Math.round(Number(e.details?.idleSeconds ?? 900) / 60)}` : '';
      redirect(reason ? `/login?reason=${reason}${after}` : '/login');
    }
    throw e;
  }
});

/** The signed-in visitor of a public page that adapts to one (the invite page), or null. */
export async function optionalUser(): Promise<SessionCtx | null> {
  const jar = await cookies();
  const meta = metaFromHeaders(await headers());
  const session = await optionalSessionFromCookies((n) => jar.get(n)?.value, meta, true);
  return session ? { session, user: session.user, meta } : null;
}

export async function requirePage(workspaceId: string, permission?: Permission): Promise<WorkspaceCtx> {
  const base = await requireUser();
  try {
    const ctx = await loadWorkspaceCtx(base, workspaceId);
    if (permission && !ctx.can(permission)) notFound();
    return ctx;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    if (e instanceof AppError && e.code === 'mfa_required')
      redirect(`/account/security?required=${encodeURIComponent(workspaceId)}`);
    throw e;
  }
}

// Page wrappers. A page states its audit kind (and, in a workspace, its
// permission) beside its code, exactly like a route handler does, and carries
// the declaration as `page.route`: tests/support/route-registry.ts reads it off
// every page, and auditedRead / auditedChange refuse (in tests) any kind the
// page did not declare.

/** What a page declared: the same shape a route handler carries. */
export type PageDeclaration = RouteDeclaration;

export type SearchParams = Record<string, string | string[] | undefined>;
/** What a page's render gets: its params and search params, already awaited. */
export interface PageArgs<P, S = SearchParams> {
  params: P;
  searchParams: S;
}
interface PageProps<P, S> {
  params: Promise<P>;
  searchParams: Promise<S>;
}

/** A page component as Next calls it, carrying its declarations for the registry. */
export type DeclaredPage<P, S = SearchParams> = ((props: PageProps<P, S>) => Promise<ReactNode>) & {
  readonly route: PageDeclaration;
};

type Render<C, P, S> = (ctx: C, args: PageArgs<P, S>) => ReactNode | Promise<ReactNode>;

function declarePage<C, P, S>(
  route: PageDeclaration,
  load: (params: P) => Promise<C>,
  render: Render<C, P, S>,
): DeclaredPage<P, S> {
  const page = (props: PageProps<P, S>) =>
    withDeclaredAudit(route.audit, async () => {
      const args = { params: await props.params, searchParams: await props.searchParams };
      return render(await load(args.params), args);
    });
  return Object.assign(page, { route });
}

/**
 * A workspace page: a member holding `permission` (if given), else the generic
 * 404. A missing row anywhere in the render (AppError not_found) is the same
 * 404 page, so a foreign or unknown id says nothing.
 */
export function workspacePage<P extends { workspaceId: string } = { workspaceId: string }, S = SearchParams>(
  opts: { audit: RouteAudit; permission?: Permission },
  render: Render<WorkspaceCtx, P, S>,
): DeclaredPage<P, S> {
  return declarePage<WorkspaceCtx, P, S>(
    { audit: opts.audit, permission: opts.permission, auth: 'workspace' },
    (params) => requirePage(params.workspaceId, opts.permission),
    async (ctx, args) => {
      try {
        return await render(ctx, args);
      } catch (e) {
        if (e instanceof AppError && e.code === 'not_found') notFound();
        throw e;
      }
    },
  );
}

/** A page for any signed-in user (account pages, workspace creation); anonymous visitors go to /login. */
export function userPage<P = Record<string, never>, S = SearchParams>(
  opts: { audit: RouteAudit },
  render: Render<SessionCtx, P, S>,
): DeclaredPage<P, S> {
  return declarePage<SessionCtx, P, S>({ audit: opts.audit, auth: 'session' }, () => requireUser(), render);
}

/** A page anyone may open (sign-in, invite acceptance). */
export function publicPage<P = Record<string, never>, S = SearchParams>(
  opts: { audit: RouteAudit },
  render: (args: PageArgs<P, S>) => ReactNode | Promise<ReactNode>,
): DeclaredPage<P, S> {
  return declarePage<null, P, S>(
    { audit: opts.audit, auth: 'public' },
    async () => null,
    (_ctx, args) => render(args),
  );
}
