// Finds every page and route handler under app/ with the HTTP methods it
// exports, so tests can hold the audit registry to the real route table.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DiscoveredRoute { route: string; method: string; file: string }

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** '(console)/w/[workspaceId]/audit/page.tsx' → '/w/[workspaceId]/audit' (route groups removed). */
export function routeFromFile(rel: string): string {
  const parts = rel.split('/').slice(0, -1).filter((p) => !(p.startsWith('(') && p.endsWith(')')));
  return '/' + parts.join('/');
}

export function exportedMethods(source: string): string[] {
  return METHODS.filter((m) =>
    new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source) ||
    new RegExp(`export\\s*\\{[^}]*\\bas\\s+${m}\\b[^}]*\\}`).test(source),
  );
}

export function discoverRoutes(appDir: string): DiscoveredRoute[] {
  const out: DiscoveredRoute[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) { walk(full); continue; }
      const rel = path.relative(appDir, full).split(path.sep).join('/');
      if (name === 'page.tsx') out.push({ route: routeFromFile(rel), method: 'PAGE', file: rel });
      if (name === 'route.ts') {
        for (const method of exportedMethods(readFileSync(full, 'utf8'))) out.push({ route: routeFromFile(rel), method, file: rel });
      }
    }
  };
  walk(appDir);
  return out.sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
}
