// One audited-change path: production code writes audit rows through
// auditedChange / recordAction / auditedRead (lib/server/audit/change.ts,
// audited.ts), or recordUserEvent for a person's sign-in and session events.
// Only those building blocks, in lib/server/audit/, may call recordAudit: a hand
// written `$transaction(… recordAudit(tx, …))` elsewhere skips the route's
// declared audit kinds and the "audit rows last, nothing changed logs nothing"
// rules. Tests may call it (they build chains and break them on purpose).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['lib', 'app'];
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE = /\.(test|spec)\.[a-z]+$/;
const SKIP_DIRS = new Set(['node_modules', '.next', 'generated', '.git']);
const AUDIT_DIR = 'lib/server/audit/';

function walk(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (SKIP_DIRS.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name) && !TEST_FILE.test(name)) out.push(full);
  }
  return out;
}

const rel = (abs: string) => path.relative(ROOT, abs).split(path.sep).join('/');

export interface SourceFile {
  path: string;
  src: string;
}

/**
 * Every place outside lib/server/audit/ that writes an audit row by hand: a
 * `recordAudit(` call (the same text the done-criterion grep looks for), or an
 * import of the recordAudit binding itself, which would allow an aliased call.
 */
export function findDirectAuditWrites(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const f of files) {
    if (f.path.startsWith(AUDIT_DIR) || TEST_FILE.test(f.path)) continue;
    f.src.split('\n').forEach((line, i) => {
      if (/\brecordAudit\s*\(/.test(line)) found.push(`${f.path}:${i + 1}: ${line.trim()}`);
    });
    // `import { recordAudit }`, `import { x, recordAudit as write }`, `export { recordAudit } from`;
    // not `import type { … }` or `{ type recordAudit }`, which cannot write anything.
    for (const m of f.src.matchAll(/\b(?:import|export)\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
      if (m[1]) continue;
      const names = m[2].split(',').map((n) => n.trim());
      if (names.some((n) => /^recordAudit(\s+as\s+\w+)?$/.test(n)))
        found.push(`${f.path}: imports recordAudit from ${m[3]}`);
    }
  }
  return found;
}

function productionFiles(): SourceFile[] {
  return SCANNED.flatMap((d) => walk(path.join(ROOT, d))).map((abs) => ({
    path: rel(abs),
    src: readFileSync(abs, 'utf8'),
  }));
}

describe('audit rows are written through the audit building blocks only', () => {
  it('scans the production tree (lib/, app/), including the modules that write audit rows', () => {
    const paths = productionFiles().map((f) => f.path);
    expect(paths).toContain('lib/server/audit/change.ts');
    expect(paths).toContain('lib/server/members/members.ts');
    expect(paths.some((p) => p.startsWith('app/api/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('lib/generated/'))).toBe(false);
  });

  it('no module outside lib/server/audit/ calls or imports recordAudit', () => {
    const found = findDirectAuditWrites(productionFiles());
    expect(
      found,
      `Write audit rows with auditedChange / recordAction (lib/server/audit/change.ts), auditedRead, or recordUserEvent for sign-in and session events:\n${found.join('\n')}`,
    ).toEqual([]);
  });

  it('fails on a direct write (the check can fail)', () => {
    const one = (p: string, src: string) => findDirectAuditWrites([{ path: p, src }]);
    expect(
      one(
        'lib/server/sources/sources.ts',
        `await recordAudit(tx, { ...auditActor(ctx), eventType: 'source.created' });`,
      ),
    ).toHaveLength(1);
    expect(one('app/api/x/route.ts', `const r = recordAudit (db, entry);`)).toHaveLength(1);
    expect(
      one('lib/server/x.ts', `import { recordAudit as write } from '@/lib/server/audit/record';\nawait write(tx, e);`),
    ).toHaveLength(1);
    expect(
      one('lib/server/x.ts', `import {\n  getDb,\n  recordAudit,\n} from '@/lib/server/audit/record';`),
    ).toHaveLength(1);
    // Allowed: the audit building blocks themselves, tests, type-only imports and look-alike names.
    expect(one('lib/server/audit/user-events.ts', `await recordAudit(tx, entry);`)).toEqual([]);
    expect(one('lib/server/audit-log/service.test.ts', `await recordAudit(db, entry);`)).toEqual([]);
    expect(one('lib/server/x.ts', `import type { AuditActor, AuditEntry } from '@/lib/server/audit/record';`)).toEqual(
      [],
    );
    expect(one('lib/server/x.ts', `import { type recordAudit } from '@/lib/server/audit/record';`)).toEqual([]);
    expect(
      one('lib/server/x.ts', `await recordAuditTrail(tx); await auditedChange(ctx, 'source.created', fn);`),
    ).toEqual([]);
  });
});
