import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { AppError, errorBody, toAppError } from '@/lib/server/errors';
import { log } from '@/lib/server/log';
import { metaFromHeaders, trustedProxyHops, type RequestMeta } from '@/lib/server/platform/request-meta';
import { sessionFromCookies } from '@/lib/server/sessions/current';
import { withDeclaredAudit, type RouteAudit, type RouteDeclaration } from '@/lib/server/audit/route-scope';
import { loadWorkspaceCtx, requirePermission } from '@/lib/server/context/workspace';
import type { SessionCtx, WorkspaceCtx } from '@/lib/server/context/types';
import type { Permission } from '@/lib/permissions';

type RouteArgs<P> = { params: Promise<P> };
export interface RouteOptions {
  /**
   * What this route writes to the audit log. It is the route registry: tests read
   * it off every exported handler, and auditedChange / auditedRead refuse (in
   * tests) any kind the route did not declare.
   */
  audit: RouteAudit;
  /** Whether this request counts as user activity for the idle timer. Default: mutations do, reads don't. */
  activity?: boolean;
}

/** A route handler as Next calls it, carrying its declarations for the registry. */
export type DeclaredHandler<P> = ((req: NextRequest, args: RouteArgs<P>) => Promise<Response>) & {
  readonly route: RouteDeclaration;
};

function declare<P>(
  fn: (req: NextRequest, args: RouteArgs<P>) => Promise<Response>,
  route: RouteDeclaration,
): DeclaredHandler<P> {
  const scoped = (req: NextRequest, args: RouteArgs<P>) => withDeclaredAudit(route.audit, () => fn(req, args));
  return Object.assign(scoped, { route });
}

export function errorResponse(e: unknown, meta?: RequestMeta): NextResponse {
  const err = toAppError(e);
  if (err.code === 'internal') {
    log.error('request.failed', {
      requestId: meta?.requestId,
      error: e instanceof Error ? e.name : 'unknown',
      message: e instanceof Error ? e.message.slice(0, 300) : undefined,
    });
  }
  return NextResponse.json(errorBody(err, meta?.requestId), {
    status: err.status,
    headers: { 'Cache-Control': 'no-store', ...err.headers },
  });
}

const crossSite = () => new AppError('forbidden', 'Cross-site request refused.');

/** The host the browser addressed: X-Forwarded-Host only from a configured proxy (TRUST_PROXY ≥ 1), else Host. */
function requestHost(req: NextRequest): string | null {
  const forwarded = trustedProxyHops() > 0 ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || req.headers.get('host');
}

/** `Origin: null` (sandboxed frames, data: URLs, some redirects) and malformed values have no host: foreign. */
function originHost(origin: string): string | null {
  if (!URL.canParse(origin)) return null;
  const u = new URL(origin);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
}

/** Mutations must come from our own origin (SameSite cookies are the first line; this is the second). */
function checkCsrf(req: NextRequest): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const origin = req.headers.get('origin');
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw crossSite();
  if (origin !== null) {
    const host = requestHost(req);
    if (!host || originHost(origin) !== host) throw crossSite();
  }
}

async function sessionCtx(req: NextRequest, activity: boolean, meta: RequestMeta): Promise<SessionCtx> {
  const session = await sessionFromCookies((n) => req.cookies.get(n)?.value, meta, activity);
  return { session, user: session.user, meta };
}

/**
 * A route anyone may call (health, the tracking API, next-auth, invite acceptance):
 * no session is required, errors are mapped like everywhere else, and with
 * `csrf` (default for these: off) mutations must come from our own origin.
 */
export function publicRoute<P = Record<string, never>>(
  handler: (req: NextRequest, meta: RequestMeta, params: P) => Promise<Response>,
  opts: { audit: RouteAudit; csrf?: boolean },
): DeclaredHandler<P> {
  return declare<P>(
    async (req, args) => {
      const meta = metaFromHeaders(req.headers);
      try {
        if (opts.csrf) checkCsrf(req);
        return await handler(req, meta, await args.params);
      } catch (e) {
        return errorResponse(e, meta);
      }
    },
    { audit: opts.audit, auth: 'public' },
  );
}

function sessionRoute<P>(
  handler: (req: NextRequest, ctx: SessionCtx, params: P) => Promise<Response>,
  opts: RouteOptions,
) {
  return async (req: NextRequest, args: RouteArgs<P>): Promise<Response> => {
    const meta = metaFromHeaders(req.headers);
    try {
      checkCsrf(req);
      const ctx = await sessionCtx(req, opts.activity ?? req.method !== 'GET', meta);
      return await handler(req, ctx, await args.params);
    } catch (e) {
      return errorResponse(e, meta);
    }
  };
}

/** Any signed-in user (account, session and workspace-creation routes). */
export function withSession<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: SessionCtx, params: P) => Promise<Response>,
  opts: RouteOptions,
): DeclaredHandler<P> {
  return declare(sessionRoute(handler, opts), { audit: opts.audit, auth: 'session' });
}

/** A member of the route's workspace holding `permission`; non-members get 404. */
export function withWorkspace<P extends { workspaceId: string }>(
  handler: (req: NextRequest, ctx: WorkspaceCtx, params: P) => Promise<Response>,
  opts: RouteOptions & { permission: Permission },
): DeclaredHandler<P> {
  const inner = sessionRoute<P>(async (req, base, params) => {
    const ctx = await loadWorkspaceCtx(base, params.workspaceId);
    requirePermission(ctx, opts.permission);
    return handler(req, ctx, params);
  }, opts);
  return declare(inner, { audit: opts.audit, permission: opts.permission, auth: 'workspace' });
}

/** Parses a JSON body with zod; malformed JSON and invalid fields become 400 with a message. */
export async function parseBody<T extends z.ZodType>(
  req: NextRequest,
  schema: T,
  maxBytes = 256 * 1024,
): Promise<z.infer<T>> {
  const text = await req.text();
  if (text.length > maxBytes) throw new AppError('payload_too_large', `Request body exceeds ${maxBytes} bytes.`);
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError('bad_request', 'Request body is not valid JSON.');
  }
  return parseWith(schema, data);
}

export function parseQuery<T extends z.ZodType>(req: NextRequest, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(req.nextUrl.searchParams));
}

export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = fields[0];
    throw new AppError('validation_failed', first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input.', {
      fields,
    });
  }
  return r.data;
}

/** A CSV file download (string or stream), never cached or sniffed. */
export function csvDownload(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function json(data: unknown, init?: ResponseInit): NextResponse {
  return NextResponse.json(data, { ...init, headers: { 'Cache-Control': 'no-store', ...(init?.headers ?? {}) } });
}
