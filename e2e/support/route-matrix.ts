// The RBAC matrix: every console page and API route × every actor → the HTTP
// status the server must answer. rbac.spec.ts turns each cell into a test.
//
// To add a route: append one line. Paths use placeholders
//   :ws         the Sunshine Health workspace (owner, member, compliance belong to it)
//   :otherWs    Northwind Clinic (only otherOwner belongs to it)
//   :missingWs  a well-formed workspace id that does not exist
//
// The expected statuses are written out per role on purpose rather than read
// from lib/permissions.ts or the routes' declared permissions: the matrix is a
// second, independent statement of who may do what, so a wrong row in the
// permission table or a wrong permission on a route fails here.
import type { Actor } from './accounts';

export type Expect = Record<Actor, number>;
export interface RouteCase {
  kind: 'page' | 'api';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  expect: Expect;
  /** JSON body for mutations. */
  body?: unknown;
}

/** Shorthand: the same status for the three Sunshine roles, then otherOwner and anonymous. */
const all = (status: number, otherOwner: number, anonymous: number): Expect => ({
  owner: status,
  member: status,
  compliance: status,
  otherOwner,
  anonymous,
});

type WorkspaceRole = 'owner' | 'member' | 'compliance';
/**
 * A workspace API (withWorkspace): `ok` for the roles holding the permission,
 * 403 for the other Sunshine roles, 404 for the other tenant, 401 anonymous.
 */
const wsApi = (ok: number, roles: WorkspaceRole[]): Expect => ({
  owner: roles.includes('owner') ? ok : 403,
  member: roles.includes('member') ? ok : 403,
  compliance: roles.includes('compliance') ? ok : 403,
  otherOwner: 404,
  anonymous: 401,
});
const EVERY_ROLE: WorkspaceRole[] = ['owner', 'member', 'compliance'];

/**
 * Mutations are checked without changing anything: the body is not JSON, so a
 * caller who passes the session, membership and permission checks gets 400,
 * while everyone else is stopped before the body is read.
 */
const NOT_JSON = 'this is not json';

// Pages: a non-member (or a role without the page's permission) gets Next's
// notFound() → 404, so nobody can probe which workspaces exist; anonymous
// visitors are redirected (307) to /login.
const PAGE_OK = all(200, 404, 307);
const AUDIT_PAGE: Expect = { owner: 200, member: 404, compliance: 200, otherOwner: 404, anonymous: 307 };

/** A well-formed source/destination id that exists nowhere. */
const MISSING = '00000000-0000-4000-8000-000000000000';

export const ROUTES: RouteCase[] = [
  // Console pages
  { kind: 'page', method: 'GET', path: '/w/:ws/overview', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/sources', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/destinations', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/privacy', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/settings', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/audit', expect: AUDIT_PAGE },
  // The other tenant's pages, and a workspace that does not exist: same 404 as a foreign one.
  {
    kind: 'page',
    method: 'GET',
    path: '/w/:otherWs/overview',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 307 },
  },
  { kind: 'page', method: 'GET', path: '/w/:missingWs/overview', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/w/not-a-uuid/overview', expect: all(404, 404, 307) },
  // A path inside a workspace that is no page: 404 (the not-found page inside the shell for members).
  { kind: 'page', method: 'GET', path: '/w/:ws/no-such-page', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/w/:ws/sources/no/such/page', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/w/:otherWs/no-such-page', expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: '/login', expect: all(200, 200, 200) },

  // Session and health APIs
  { kind: 'api', method: 'GET', path: '/api/health', expect: all(200, 200, 200) },
  { kind: 'api', method: 'GET', path: '/api/session/status', expect: all(200, 200, 401) },
  { kind: 'api', method: 'POST', path: '/api/session/activity', body: {}, expect: all(200, 200, 401) },

  // Account and session APIs (any signed-in user)
  // Two-factor changes need a password re-entered within 5 minutes: the setup sessions have none (403).
  { kind: 'api', method: 'GET', path: '/api/account/mfa', expect: all(403, 403, 401) },
  { kind: 'api', method: 'POST', path: '/api/account/mfa', body: NOT_JSON, expect: all(400, 400, 401) },
  { kind: 'api', method: 'DELETE', path: '/api/account/mfa', body: NOT_JSON, expect: all(400, 400, 401) },
  { kind: 'api', method: 'POST', path: '/api/session/reauth', body: NOT_JSON, expect: all(400, 400, 401) },
  { kind: 'api', method: 'POST', path: '/api/workspaces', body: NOT_JSON, expect: all(400, 400, 401) },

  // Workspace APIs
  { kind: 'api', method: 'PATCH', path: '/api/workspaces/:ws', body: NOT_JSON, expect: wsApi(400, ['owner']) },
  { kind: 'api', method: 'PATCH', path: '/api/workspaces/:ws/security', body: NOT_JSON, expect: wsApi(400, ['owner']) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/baa', expect: wsApi(200, EVERY_ROLE) },
  { kind: 'api', method: 'POST', path: '/api/workspaces/:ws/baa', body: NOT_JSON, expect: wsApi(400, ['owner']) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/members', expect: wsApi(200, ['owner', 'compliance']) },
  { kind: 'api', method: 'POST', path: '/api/workspaces/:ws/members', body: NOT_JSON, expect: wsApi(400, ['owner']) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/sources', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/sources',
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/destinations', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/destinations',
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/blast-radius', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/sources',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit', expect: wsApi(200, ['owner', 'compliance']) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit/export', expect: wsApi(200, ['owner', 'compliance']) },
  // The filter bar's options: actor suggestions (name or email) and the event types written.
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:ws/audit/actors?q=sunshine',
    expect: wsApi(200, ['owner', 'compliance']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit/actors', expect: wsApi(400, ['owner', 'compliance']) },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:ws/audit/event-types',
    expect: wsApi(200, ['owner', 'compliance']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/audit/actors?q=o',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/audit/event-types',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/audit/verify',
    body: {},
    expect: wsApi(200, ['owner', 'compliance']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/audit/verify', expect: wsApi(200, ['owner', 'compliance']) },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/audit/checkpoints',
    body: {},
    expect: wsApi(201, ['owner', 'compliance']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/audit',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:missingWs/audit', expect: all(404, 404, 401) },

  // Workspaces, sources and destinations. `${MISSING}` is a well-formed id that no
  // source or destination has: members get 404 (or 400/403 before the lookup for bad bodies).
  { kind: 'page', method: 'GET', path: '/workspaces/new', expect: all(200, 200, 307) },
  { kind: 'page', method: 'GET', path: '/w/:ws/destinations/catalog', expect: PAGE_OK },
  {
    kind: 'page',
    method: 'GET',
    path: '/w/:ws/destinations/catalog/mixpanel',
    expect: { owner: 200, member: 200, compliance: 404, otherOwner: 404, anonymous: 307 },
  },
  {
    kind: 'page',
    method: 'GET',
    path: '/w/:ws/destinations/catalog/not-a-destination',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 404, anonymous: 307 },
  },
  // Catalog → Functions: the list for every role; the editor for owners and compliance; New for owners.
  { kind: 'page', method: 'GET', path: '/w/:ws/destinations/catalog/functions', expect: PAGE_OK },
  {
    kind: 'page',
    method: 'GET',
    path: '/w/:ws/destinations/catalog/functions/new',
    expect: { owner: 200, member: 404, compliance: 404, otherOwner: 404, anonymous: 307 },
  },
  {
    kind: 'page',
    method: 'GET',
    path: `/w/:ws/destinations/catalog/functions/${MISSING}`,
    expect: all(404, 404, 307),
  },
  {
    kind: 'page',
    method: 'GET',
    path: `/w/:ws/destinations/catalog/functions/${MISSING}/connect`,
    expect: all(404, 404, 307),
  },
  { kind: 'page', method: 'GET', path: `/w/:ws/sources/${MISSING}`, expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: `/w/:ws/destinations/${MISSING}/settings`, expect: all(404, 404, 307) },
  { kind: 'api', method: 'GET', path: `/api/workspaces/:ws/sources/${MISSING}`, expect: all(404, 404, 401) },
  {
    kind: 'api',
    method: 'PATCH',
    path: `/api/workspaces/:ws/sources/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/sources/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/sources/${MISSING}/write-key`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/sources/${MISSING}/blocking`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  { kind: 'api', method: 'GET', path: `/api/workspaces/:ws/destinations/${MISSING}`, expect: all(404, 404, 401) },
  {
    kind: 'api',
    method: 'PATCH',
    path: `/api/workspaces/:ws/destinations/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/destinations/${MISSING}/insert-function`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/destinations/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/destinations/${MISSING}/baa-override`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/destinations/${MISSING}/consent`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/destinations',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },

  // Privacy Portal. POST .../inbox/seen is left out: it changes the shared demo users' "new fields" marker.
  { kind: 'page', method: 'GET', path: '/w/:ws/privacy/inventory', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/privacy/detection', expect: PAGE_OK },
  { kind: 'page', method: 'GET', path: '/w/:ws/privacy/controls', expect: PAGE_OK },
  {
    kind: 'page',
    method: 'GET',
    path: '/w/:otherWs/privacy',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 307 },
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/privacy/inbox', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'GET',
    path: '/api/workspaces/:otherWs/privacy/inbox',
    expect: { owner: 404, member: 404, compliance: 404, otherOwner: 200, anonymous: 401 },
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:missingWs/privacy/inbox', expect: all(404, 404, 401) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/privacy/inventory', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/privacy/inventory?sourceId=${MISSING}`,
    expect: wsApi(404, EVERY_ROLE),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/privacy/inventory/export', expect: wsApi(200, EVERY_ROLE) },
  { kind: 'api', method: 'GET', path: `/api/workspaces/:ws/privacy/fields/${MISSING}`, expect: wsApi(404, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/privacy/fields/${MISSING}/classification`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/privacy/samples',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/privacy/matchers', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/privacy/matchers',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'PATCH',
    path: `/api/workspaces/:ws/privacy/matchers/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/privacy/matchers/${MISSING}`,
    expect: wsApi(404, ['owner']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/privacy/synonyms',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/privacy/synonyms/${MISSING}`,
    expect: wsApi(404, ['owner']),
  },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/privacy/controls', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'PUT',
    path: '/api/workspaces/:ws/privacy/quarantine',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  // Destination encryption, hashing and preview. Mutations need 'encryption.manage' (owner, member);
  // reading the tab and running a preview need 'destinations.read'.
  { kind: 'page', method: 'GET', path: `/w/:ws/destinations/${MISSING}/encryption`, expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: `/w/:ws/destinations/${MISSING}/preview`, expect: all(404, 404, 307) },
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/protection-fields', expect: wsApi(200, EVERY_ROLE) },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/destinations/${MISSING}/encryption`,
    expect: all(404, 404, 401),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/destinations/${MISSING}/encryption`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/destinations/${MISSING}/encryption`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'PUT',
    path: `/api/workspaces/:ws/destinations/${MISSING}/hashing`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/destinations/${MISSING}/hashing`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/destinations/${MISSING}/hashing/secret`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/destinations/${MISSING}/preview`,
    body: NOT_JSON,
    expect: wsApi(400, EVERY_ROLE),
  },
  // Event pipeline: tracking API (write-key auth only, sessions are ignored), Source Debugger
  // ('debugger.read': owner, member), Event Delivery ('destinations.read'; Replay needs 'destinations.write').
  { kind: 'api', method: 'POST', path: '/v1/track', body: {}, expect: all(401, 401, 401) },
  { kind: 'api', method: 'POST', path: '/v1/batch', body: {}, expect: all(401, 401, 401) },
  { kind: 'page', method: 'GET', path: `/w/:ws/sources/${MISSING}/debugger`, expect: all(404, 404, 307) },
  { kind: 'page', method: 'GET', path: `/w/:ws/destinations/${MISSING}/delivery`, expect: all(404, 404, 307) },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/sources/${MISSING}/debugger`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/sources/${MISSING}/debugger/${MISSING}`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/sources/${MISSING}/debugger/${MISSING}/raw`,
    expect: wsApi(404, ['owner', 'member']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/destinations/${MISSING}/delivery`,
    expect: all(404, 404, 401),
  },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/destinations/${MISSING}/delivery/${MISSING}`,
    expect: all(404, 404, 401),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/destinations/${MISSING}/delivery/replay`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner', 'member']),
  },
  // Functions: 'functions.write' (owner) for every change, the test run and the lint;
  // 'functions.read' (owner, compliance) for code and versions; the list is open to every
  // role (members see deployed functions only).
  { kind: 'api', method: 'GET', path: '/api/workspaces/:ws/functions', expect: wsApi(200, EVERY_ROLE) },
  { kind: 'api', method: 'POST', path: '/api/workspaces/:ws/functions', body: NOT_JSON, expect: wsApi(400, ['owner']) },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/functions/${MISSING}`,
    expect: wsApi(404, ['owner', 'compliance']),
  },
  {
    kind: 'api',
    method: 'PATCH',
    path: `/api/workspaces/:ws/functions/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'DELETE',
    path: `/api/workspaces/:ws/functions/${MISSING}`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/functions/${MISSING}/versions`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'GET',
    path: `/api/workspaces/:ws/functions/${MISSING}/versions/${MISSING}`,
    expect: wsApi(404, ['owner', 'compliance']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: `/api/workspaces/:ws/functions/${MISSING}/deploy`,
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/functions/check',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
  {
    kind: 'api',
    method: 'POST',
    path: '/api/workspaces/:ws/functions/test',
    body: NOT_JSON,
    expect: wsApi(400, ['owner']),
  },
];
