// The RBAC matrix: every console page and API route × every actor → the HTTP
// status the server must answer. rbac.spec.ts turns each cell into a test.
//
// To add a route: append one line. Paths use placeholders
//   :ws         the Sunshine Health workspace (owner, member, compliance belong to it)
//   :otherWs    Northwind Clinic (only otherOwner belongs to it)
//   :missingWs  a well-formed workspace id that does not exist
// `requires` names the source file that implements the route; while it is
// missing the row is skipped (reported as such), so the table can list
// routes that are still being built.
import type { Actor } from './accounts';

export type Expect = Record<Actor, number>;
export interface RouteCase {
  kind: 'page' | 'api';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  expect: Expect;
  /** JSON body for mutations. */
  body?: unknown;
  requires?: string;
}

/** Shorthand: the same status for the three Sunshine roles, then otherOwner and anonymous. */
const all = (status: number, otherOwner: number, anonymous: number): Expect => ({ owner: status, member: status, compliance: status, otherOwner, anonymous });

// Pages: a non-member (or a role without the page's permission) gets Next's
// notFound() → 404, so nobody can probe which workspaces exist; anonymous
// visitors are redirected (307) to /login.
const PAGE_OK = all(200, 404, 307);
const AUDIT_PAGE: Expect = { owner: 200, member: 404, compliance: 200, otherOwner: 404, anonymous: 307 };
// APIs: 401 JSON without a session, 404 for non-members, 403 for members whose role lacks the permission.
const AUDIT_API: Expect = { owner: 200, member: 403, compliance: 200, otherOwner: 404, anonymous: 401 };

const CONSOLE = 'app/(console)/w/[workspaceId]';
const WS_API = 'app/api/workspaces/[workspaceId]';

export const ROUTES: RouteCase[] = [
  // Console pages
  { kind: 'page', method: 'GET', path: '/w/:ws/overview', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/sources', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/destinations', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/privacy', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/settings', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/audit', expect: AUDIT_PAGE, requires: `${CONSOLE}/audit/page.tsx` },
  // The other tenant's pages, and a workspace that does not exist: same 404 as a foreign one.
  { kind: 'page', method: 'GET', path: '/w/:otherWs/overview', expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 307 } },
  { kind: 'page', method: 'GET', path: '/w/:missingWs/overview', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/w/not-a-uuid/overview', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/login', expect: all(200, 200, 200) },

  // Session and health APIs
  { kind: 'api', method: 'GET', path: '/api/health', expect: all(200, 200, 200) },
  { kind: 'api', method: 'GET', path: '/api/session/status', expect: all(200, 200, 401) },
  { kind: 'api', method: 'POST', path: '/api/session/activity', body: {}, expect: all(200, 200, 401) },

  // Workspace APIs
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit', expect: AUDIT_API, requires: `${WS_API}/audit/route.ts` },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit/export', expect: AUDIT_API, requires: `${WS_API}/audit/export/route.ts` },
  { kind: 'api', method: 'POST', path: '/api/workspaces/:ws/audit/verify', body: {}, expect: AUDIT_API, requires: `${WS_API}/audit/verify/route.ts` },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:otherWs/audit', expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 }, requires: `${WS_API}/audit/route.ts` },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:missingWs/audit', expect: all(404, 404, 401), requires: `${WS_API}/audit/route.ts` },
];
