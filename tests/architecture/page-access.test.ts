// The refusal page inside the console shell says which roles may open a page
// from lib/page-access.ts. That table must say what the pages themselves declare
// (workspacePage's permission), for every workspace page, and must pick the same
// page for a URL as Next does (static segments before dynamic ones before the
// catch-all).
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '@/lib/permissions';
import {
  PERMISSION_ACTIONS,
  WORKSPACE_PAGE_PERMISSIONS,
  pagePermission,
  whoCan,
  workspacePageRoute,
} from '@/lib/page-access';
import { loadRouteRegistry, type RegistryEntry } from '@/tests/support/route-registry';

let pages: RegistryEntry[];
beforeAll(async () => {
  pages = (await loadRouteRegistry()).entries.filter((e) => e.method === 'PAGE' && e.auth === 'workspace');
}, 120_000);

describe('workspace page permissions', () => {
  it('lists every workspace page with the permission it declares', () => {
    expect(pages.length).toBeGreaterThan(20);
    const declared = Object.fromEntries(pages.map((p) => [p.route, p.permission]));
    expect(WORKSPACE_PAGE_PERMISSIONS).toEqual(declared);
  });

  it('finds the page a URL opens, preferring static segments as Next does', () => {
    const ws = '2b0c5a8e-0000-4000-8000-000000000001';
    const id = '00000000-0000-4000-8000-000000000000';
    expect(workspacePageRoute(`/w/${ws}/audit`)).toBe('/w/[workspaceId]/audit');
    expect(workspacePageRoute(`/w/${ws}/sources/${id}/debugger`)).toBe('/w/[workspaceId]/sources/[sourceId]/debugger');
    expect(workspacePageRoute(`/w/${ws}/destinations/catalog`)).toBe('/w/[workspaceId]/destinations/catalog');
    expect(workspacePageRoute(`/w/${ws}/destinations/${id}`)).toBe('/w/[workspaceId]/destinations/[destinationId]');
    expect(workspacePageRoute(`/w/${ws}/destinations/catalog/functions`)).toBe(
      '/w/[workspaceId]/destinations/catalog/functions',
    );
    expect(workspacePageRoute(`/w/${ws}/destinations/catalog/webhook/setup`)).toBe(
      '/w/[workspaceId]/destinations/catalog/[catalogId]/setup',
    );
    expect(workspacePageRoute(`/w/${ws}/no/such/page`)).toBe('/w/[workspaceId]/[...missing]');
    expect(workspacePageRoute('/account/security')).toBeNull();
    expect(pagePermission(`/w/${ws}/settings/members`)).toBe('members.read');
    expect(pagePermission(`/w/${ws}/sources/${id}/debugger/`)).toBe('debugger.read');
  });

  it('names the roles that hold a permission', () => {
    expect(whoCan('members.manage')).toBe('Only owners can manage members.');
    expect(whoCan('audit.read')).toBe('Only owners and compliance users can view the audit log.');
    expect(whoCan('debugger.read')).toBe('Only owners and members can use the Source Debugger.');
    expect(whoCan('workspace.read')).toBe('Only owners, members and compliance users can open this workspace.');
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(PERMISSION_ACTIONS[p].length).toBeGreaterThan(3);
  });
});
