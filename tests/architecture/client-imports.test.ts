// The client/server line: code that runs in the browser (components, the React
// Query hooks, the API client, any 'use client' module) must not import
// lib/server, not even for types. View types come from lib/schemas (the
// response schemas), shared helpers from lib/*. Server-only modules also throw
// at build time ('server-only'), but only for the bundles actually built and only
// for value imports; this test catches type imports and every file, on every run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs)$/;
const SKIP_DIRS = new Set(['node_modules', '.next', 'generated', '.git']);

/** A module is server-side if it lives in lib/server. */
const isServerModule = (rel: string) => rel === 'lib/server' || rel.startsWith('lib/server/');

function walk(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (SKIP_DIRS.has(name) || name.startsWith('.next')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name) && !/\.(test|spec)\.[a-z]+$/.test(name)) out.push(full);
  }
  return out;
}

const rel = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/');

function stripComments(src: string): string {
  // Good enough for import scanning: block comments, then line comments not inside a string on that line.
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
export function importSpecifiers(src: string): string[] {
  const code = stripComments(src);
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, // import x / { x } / type { x } from '…'
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s*from\s*['"]([^'"]+)['"]/g, // export … from '…'
    /\bimport\s*['"]([^'"]+)['"]/g, // import '…' (side effects)
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // require('…')
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

/** Repository-relative path an import points at (without extension), or null for packages. */
export function resolveSpecifier(fromRel: string, spec: string): string | null {
  if (spec.startsWith('@/')) return path.posix.normalize(spec.slice(2));
  if (spec.startsWith('./') || spec.startsWith('../'))
    return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  return null;
}

function fileFor(modRel: string): string | null {
  for (const candidate of [
    modRel,
    ...['.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'].map((e) => modRel + e),
  ]) {
    const abs = path.join(ROOT, candidate);
    try {
      if (statSync(abs).isFile()) return abs;
    } catch {
      /* next */
    }
  }
  return null;
}

const isClientModule = (src: string) => /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/.test(src);

/** The browser-side entry points this test guards. */
function clientEntries(): string[] {
  const set = new Set<string>([
    ...walk(path.join(ROOT, 'components')),
    ...walk(path.join(ROOT, 'lib/queries')),
    path.join(ROOT, 'lib/api-client.ts'),
  ]);
  for (const dir of ['app', 'components', 'lib']) {
    for (const f of walk(path.join(ROOT, dir)))
      if (!isServerModule(rel(f)) && isClientModule(readFileSync(f, 'utf8'))) set.add(f);
  }
  return [...set].sort();
}

export interface Violation {
  file: string;
  chain: string[];
  specifier: string;
}

/**
 * Follows local imports from each entry (a client module pulls in whatever its
 * lib helpers import) and reports every path that reaches lib/server.
 */
export function findServerImports(
  entries: string[],
  read: (abs: string) => string = (f) => readFileSync(f, 'utf8'),
): Violation[] {
  const violations: Violation[] = [];
  for (const entry of entries) {
    const seen = new Set<string>();
    const queue: { abs: string; chain: string[] }[] = [{ abs: entry, chain: [rel(entry)] }];
    while (queue.length) {
      const { abs, chain } = queue.shift()!;
      if (seen.has(abs)) continue;
      seen.add(abs);
      for (const spec of importSpecifiers(read(abs))) {
        const target = resolveSpecifier(rel(abs), spec);
        if (target === null) continue;
        if (isServerModule(target)) {
          violations.push({ file: rel(entry), chain, specifier: spec });
          continue;
        }
        const next = fileFor(target);
        if (next && !seen.has(next)) queue.push({ abs: next, chain: [...chain, rel(next)] });
      }
    }
  }
  return violations;
}

describe('client code never imports lib/server', () => {
  it('guards every client entry point (components, hooks, API client, "use client" modules)', () => {
    const entries = clientEntries().map(rel);
    expect(entries).toContain('lib/api-client.ts');
    expect(entries.some((f) => f.startsWith('lib/queries/'))).toBe(true);
    expect(entries.some((f) => f.startsWith('components/'))).toBe(true);
    expect(entries).toContain('app/providers.tsx'); // a 'use client' module outside components/
  });

  it('no client module reaches @/lib/server, directly or through a shared lib module', () => {
    const found = findServerImports(clientEntries()).map((v) => `${v.chain.join(' → ')} imports ${v.specifier}`);
    expect(
      found,
      `Client code must import view types from lib/schemas and helpers from lib/*, never lib/server:\n${found.join('\n')}`,
    ).toEqual([]);
  });

  it('fails on a lib/server import of any form (the check can fail)', () => {
    const fake = (src: string) => findServerImports([path.join(ROOT, 'components/__fixture__.tsx')], () => src);
    expect(fake(`import type { SourceView } from '@/lib/server/sources/sources';`)).toHaveLength(1);
    expect(fake(`import { x } from "@/lib/server/http";`)).toHaveLength(1);
    expect(fake(`export type { X } from '@/lib/server/destinations/view';`)).toHaveLength(1);
    expect(fake(`const m = await import('@/lib/server/db');`)).toHaveLength(1);
    expect(fake(`import '../lib/server/log';`)).toHaveLength(1);
    expect(fake(`import {\n  a,\n  type B,\n} from '@/lib/server';`)).toHaveLength(1);
    // Not imports: comments and look-alike paths.
    expect(
      fake(
        `// see lib/server/sources/sources.ts\nimport { z } from 'zod';\nimport { y } from '@/lib/schemas/sources';`,
      ),
    ).toEqual([]);
    expect(fake(`import { q } from '@/lib/server-side-rendering';`)).toEqual([]);
  });
});
