// Finds every page and route handler module under app/, so the route registry
// (tests/support/route-registry.ts) can import each one and read what it declares.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DiscoveredFile {
  /** URL path with route groups removed: '/w/[workspaceId]/audit'. */
  route: string;
  kind: 'page' | 'route';
  /** Path relative to app/: '(console)/w/[workspaceId]/audit/page.tsx'. */
  file: string;
}

/** '(console)/w/[workspaceId]/audit/page.tsx' → '/w/[workspaceId]/audit' (route groups removed). */
export function routeFromFile(rel: string): string {
  const parts = rel
    .split('/')
    .slice(0, -1)
    .filter((p) => !(p.startsWith('(') && p.endsWith(')')));
  return '/' + parts.join('/');
}

export function discoverRouteFiles(appDir: string): DiscoveredFile[] {
  const out: DiscoveredFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const rel = path.relative(appDir, full).split(path.sep).join('/');
      if (name === 'page.tsx') out.push({ route: routeFromFile(rel), kind: 'page', file: rel });
      if (name === 'route.ts') out.push({ route: routeFromFile(rel), kind: 'route', file: rel });
    }
  };
  walk(appDir);
  return out.sort((a, b) => `${a.route} ${a.kind}`.localeCompare(`${b.route} ${b.kind}`));
}
