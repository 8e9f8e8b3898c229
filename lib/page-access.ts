// Which permission each workspace page needs, for the page a refused member sees
// instead ("Only owners can manage members"). The refusal itself stays a plain
// notFound() (404) on the server; the styled page inside the console shell
// (app/(console)/w/[workspaceId]/not-found.tsx) reads this table to say who may
// open the page. Pages keep declaring their permission in workspacePage(); a test
// (tests/architecture/page-access.test.ts) holds this table to those declarations.
import { PERMISSIONS, type Permission, type Role } from './permissions';

/** Route (as under app/, route groups left out) → the permission its page declares. */
export const WORKSPACE_PAGE_PERMISSIONS: Record<string, Permission> = {
  '/w/[workspaceId]/overview': 'workspace.read',
  '/w/[workspaceId]/audit': 'audit.read',
  '/w/[workspaceId]/settings': 'settings.read',
  '/w/[workspaceId]/settings/members': 'members.read',
  '/w/[workspaceId]/settings/security': 'settings.read',
  '/w/[workspaceId]/sources': 'sources.read',
  '/w/[workspaceId]/sources/[sourceId]': 'sources.read',
  '/w/[workspaceId]/sources/[sourceId]/debugger': 'debugger.read',
  '/w/[workspaceId]/sources/[sourceId]/settings': 'sources.read',
  '/w/[workspaceId]/destinations': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]/settings': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]/encryption': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]/preview': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]/delivery': 'destinations.read',
  '/w/[workspaceId]/destinations/[destinationId]/consent': 'destinations.read',
  '/w/[workspaceId]/destinations/catalog': 'destinations.read',
  '/w/[workspaceId]/destinations/catalog/[catalogId]': 'destinations.write',
  '/w/[workspaceId]/destinations/catalog/[catalogId]/setup': 'destinations.write',
  '/w/[workspaceId]/destinations/catalog/functions': 'destinations.read',
  '/w/[workspaceId]/destinations/catalog/functions/new': 'functions.write',
  '/w/[workspaceId]/destinations/catalog/functions/[functionId]': 'functions.read',
  '/w/[workspaceId]/destinations/catalog/functions/[functionId]/connect': 'functions.connect',
  '/w/[workspaceId]/privacy': 'privacy.read',
  '/w/[workspaceId]/privacy/inventory': 'privacy.read',
  '/w/[workspaceId]/privacy/detection': 'privacy.read',
  '/w/[workspaceId]/privacy/controls': 'privacy.read',
  // Any other path inside a workspace: the not-found page.
  '/w/[workspaceId]/[...missing]': 'workspace.read',
};

/** What a permission lets someone do, to finish "Only owners can …". */
export const PERMISSION_ACTIONS: Record<Permission, string> = {
  'workspace.read': 'open this workspace',
  'workspace.update': 'change the workspace',
  'settings.read': 'view the workspace settings',
  'members.read': 'view the members of this workspace',
  'members.manage': 'manage members',
  'baa.manage': 'manage the BAA',
  'security.manage': 'change the security settings',
  'sources.read': 'view sources',
  'sources.write': 'change sources',
  'sources.blocking': 'block Red fields at a source',
  'destinations.read': 'view destinations',
  'destinations.write': 'add and change destinations',
  'destinations.baa_override': 'override a destination’s BAA status',
  'encryption.manage': 'manage data encryption',
  'encryption.byok': 'bring their own encryption key',
  'debugger.read': 'use the Source Debugger',
  'functions.read': 'view functions and their code',
  'functions.write': 'write and deploy functions',
  'functions.connect': 'connect a function to a source',
  'privacy.read': 'view the Privacy Portal',
  'privacy.classify': 'classify fields',
  'privacy.matchers': 'manage matchers',
  'pii.unmasked': 'see unmasked PII',
  'audit.read': 'view the audit log',
  'audit.export': 'export the audit log',
  'audit.verify': 'verify the audit log',
};

/** Roles in the plural, as a sentence names them. */
export const ROLE_PLURALS: Record<Role, string> = {
  owner: 'owners',
  member: 'members',
  compliance: 'compliance users',
};

const segmentsOf = (path: string) => path.split('/').filter(Boolean);
const isCatchAll = (segment: string) => segment.startsWith('[...') && segment.endsWith(']');
const isDynamic = (segment: string) => segment.startsWith('[') && segment.endsWith(']');

function matches(pattern: string[], path: string[]): boolean {
  const last = pattern[pattern.length - 1];
  if (last && isCatchAll(last)) {
    const head = pattern.slice(0, -1);
    return path.length > head.length && head.every((p, i) => isDynamic(p) || p === path[i]);
  }
  return pattern.length === path.length && pattern.every((p, i) => isDynamic(p) || p === path[i]);
}

/** Static before dynamic before catch-all, segment by segment from the left, as Next picks a route. */
function rank(segment: string | undefined): number {
  if (segment === undefined) return 3;
  return isCatchAll(segment) ? 2 : isDynamic(segment) ? 1 : 0;
}
function moreSpecific(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = rank(a[i]) - rank(b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** The route of a workspace page that `pathname` opens, or null when no page has that shape. */
export function workspacePageRoute(pathname: string): string | null {
  const path = segmentsOf(pathname.split(/[?#]/)[0]);
  const candidates = Object.keys(WORKSPACE_PAGE_PERMISSIONS)
    .map((route) => ({ route, segments: segmentsOf(route) }))
    .filter((c) => matches(c.segments, path))
    .sort((a, b) => moreSpecific(a.segments, b.segments));
  return candidates[0]?.route ?? null;
}

/** The permission the workspace page at `pathname` needs, or null for a path that is no page. */
export function pagePermission(pathname: string): Permission | null {
  const route = workspacePageRoute(pathname);
  return route ? WORKSPACE_PAGE_PERMISSIONS[route] : null;
}

/** "Only owners can manage members." / "Only owners and compliance users can view the audit log." */
export function whoCan(permission: Permission): string {
  const roles = (PERMISSIONS[permission] as readonly Role[]).map((r) => ROLE_PLURALS[r]);
  const list = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}` : roles[0];
  return `Only ${list} can ${PERMISSION_ACTIONS[permission]}.`;
}
