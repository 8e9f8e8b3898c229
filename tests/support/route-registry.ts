// The route registry, derived: every route handler and page under app/ declares
// its audit kind (and, in a workspace, its permission) in its own options
// (withWorkspace / withSession / publicRoute, workspacePage / userPage /
// publicPage), and carries that declaration as `.route`. This module imports
// each one and reads it, so there is no second list to keep in step.
//
// Keys: "<METHOD> <url path>" for route handlers, "PAGE <url path>" for pages,
// with route groups like (console) left out.
import path from 'node:path';
import type { NextRequest } from 'next/server';
import type { RouteAudit } from '@/lib/server/audit/route-scope';
import type { Permission } from '@/lib/permissions';
import { discoverRouteFiles } from './route-discovery';

export const APP_DIR = path.resolve(__dirname, '../../app');

/** Every method Next routes to a handler; any of them exported without a declaration is an error. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Declaration {
  audit: RouteAudit;
  permission?: Permission;
  auth: 'public' | 'session' | 'workspace';
}

type Params = Record<string, string>;
export type RouteFn = (req: NextRequest, args: { params: Promise<Params> }) => Promise<Response>;
export type PageFn = (props: { params: Promise<Params>; searchParams: Promise<Params> }) => Promise<unknown>;

interface Common extends Declaration {
  key: string;
  route: string;
  /** Relative to app/. */
  file: string;
}
export type RegistryEntry = Common & ({ method: HttpMethod; handler: RouteFn } | { method: 'PAGE'; page: PageFn });

export interface RouteRegistry {
  entries: RegistryEntry[];
  /** Exports with no (or a malformed) declaration, and route modules that export no handler. */
  errors: string[];
}

const AUDIT_KINDS = ['phi-read', 'audited', 'none'];
const AUTH = ['public', 'session', 'workspace'];

function declarationOf(exported: unknown): Declaration | null {
  if (typeof exported !== 'function') return null;
  const route: unknown = (exported as { route?: unknown }).route;
  if (!route || typeof route !== 'object') return null;
  const d = route as Partial<Declaration>;
  if (!d.audit || !AUDIT_KINDS.includes(d.audit.kind) || !d.auth || !AUTH.includes(d.auth)) return null;
  return { audit: d.audit, auth: d.auth, ...(d.permission ? { permission: d.permission } : {}) };
}

async function load(appDir: string): Promise<RouteRegistry> {
  const entries: RegistryEntry[] = [];
  const errors: string[] = [];
  for (const f of discoverRouteFiles(appDir)) {
    const mod = (await import(path.join(appDir, f.file))) as Record<string, unknown>;
    const where = `app/${f.file}`;
    if (f.kind === 'page') {
      const key = `PAGE ${f.route}`;
      const d = declarationOf(mod.default);
      if (!d)
        errors.push(
          `${key} (${where}): the default export must be workspacePage, userPage or publicPage (lib/server/sessions/page.ts)`,
        );
      else entries.push({ key, route: f.route, file: f.file, method: 'PAGE', page: mod.default as PageFn, ...d });
      continue;
    }
    const methods = HTTP_METHODS.filter((m) => m in mod);
    if (methods.length === 0) errors.push(`${where}: exports no HTTP method handler`);
    for (const method of methods) {
      const key = `${method} ${f.route}`;
      const d = declarationOf(mod[method]);
      if (!d)
        errors.push(
          `${key} (${where}): ${method} must be withWorkspace, withSession or publicRoute with an audit option (lib/server/http.ts)`,
        );
      else entries.push({ key, route: f.route, file: f.file, method, handler: mod[method] as RouteFn, ...d });
    }
  }
  return { entries, errors };
}

const loaded = new Map<string, Promise<RouteRegistry>>();

/** Imports every route and page module under `appDir` once per process and reads its declarations. */
export function loadRouteRegistry(appDir = APP_DIR): Promise<RouteRegistry> {
  let hit = loaded.get(appDir);
  if (!hit) loaded.set(appDir, (hit = load(appDir)));
  return hit;
}
