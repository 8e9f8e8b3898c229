// The migrations and prisma/schema.prisma must describe the same database.
// Prisma's own schema engine (WASM) computes the diff; see scripts/schema-check.mts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function check(schemaFile?: string) {
  const args = ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx', 'scripts/schema-check.mts'];
  if (schemaFile) args.push('--schema', schemaFile);
  return spawnSync(process.execPath, args, { cwd: root, env: process.env, encoding: 'utf8', timeout: 170_000 });
}

// Each check boots the WASM schema engine and a database: allow for a loaded 2-core machine.
describe('migrations match prisma/schema.prisma', { timeout: 180_000 }, () => {
  it('reports no difference for the committed schema', () => {
    const r = check();
    expect(r.stdout + r.stderr).toContain('matches prisma/schema.prisma');
    expect(r.status).toBe(0);
  });

  it('detects a schema change that has no migration', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schema-'));
    try {
      const file = path.join(dir, 'schema.prisma');
      const schema = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
      writeFileSync(file, schema.replace('model Workspace {', 'model Workspace {\n  unmigratedColumn String?'));
      const r = check(file);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('unmigratedColumn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
