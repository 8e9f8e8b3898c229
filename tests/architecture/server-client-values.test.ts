// A server component (a file under app/ without 'use client') that imports a
// plain value, not a component, from a 'use client' module gets a client
// reference instead of the value: `buttonClass.primary` from
// components/ui/dialog.tsx was undefined on the server, and the destinations
// page's "Add destination" link rendered as an unstyled link. Components may
// cross that line; other values must come from a module without 'use client'
// (class names live in components/ui/styles.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

const isClient = (source: string) => /^\s*(['"])use client\1/.test(source);

function resolve(spec: string, from: string): string | null {
  const base = spec.startsWith('@/')
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const f of [base, `${base}.tsx`, `${base}.ts`, path.join(base, 'index.tsx'), path.join(base, 'index.ts')])
    if (existsSync(f) && statSync(f).isFile()) return f;
  return null;
}

/** `import { a, b as c, type D } from 'x'`: the imported names that are values. */
function namedImports(source: string): { names: string[]; spec: string }[] {
  const out: { names: string[]; spec: string }[] = [];
  for (const m of source.matchAll(/^import\s+(?!type\b)\{([^}]*)\}\s+from\s+['"]([^'"]+)['"]/gm)) {
    const names = m[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '))
      .map((s) => s.split(/\s+as\s+/)[0].trim());
    out.push({ names, spec: m[2] });
  }
  return out;
}

describe('server components and client modules', () => {
  it('take only components (capitalised names) from a "use client" module', () => {
    const found: string[] = [];
    for (const file of walk(path.join(ROOT, 'app'))) {
      const source = readFileSync(file, 'utf8');
      if (isClient(source)) continue;
      for (const { names, spec } of namedImports(source)) {
        const target = resolve(spec, file);
        if (!target || !isClient(readFileSync(target, 'utf8'))) continue;
        for (const n of names) if (!/^[A-Z]/.test(n)) found.push(`${path.relative(ROOT, file)}: ${n} from ${spec}`);
      }
    }
    expect(found, 'import these from a module without "use client"').toEqual([]);
  });
});
