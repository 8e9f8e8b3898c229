// The audit log against its own database owner. The hash chain alone cannot stop
// someone who owns the table: they disable the append-only trigger, edit a row,
// re-hash every later row and the chain head, and the chain links up again. The
// signed checkpoints (Ed25519, key outside the database, copy in a JSONL file) do:
// the re-hashed chain no longer ends at the hash a checkpoint signed.
//
// The source database is built as production runs it: on PostgreSQL a migration
// role owns the tables and the app writes as a runtime role with INSERT and SELECT
// on the audit log only (which this test also holds it to); on PGlite, one role.
// The tampering happens in a clone, as the owner, so the untouched original can be
// verified side by side.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { applyMigrations } from '@/lib/db/migrate';
import { openRaw, wrapPglite, type RawDb } from '@/lib/db/raw';
import { grantRuntimeRole, runtimeRoleProblems } from '@/lib/db/roles';
import { pgDirectSql, registerDirectSql } from '@/lib/server/db';
import { recordAudit } from '@/lib/server/audit/record';
import { verifyAuditChain } from '@/lib/server/audit-log/verify';
import { verifyCheckpoints } from '@/lib/server/audit-log/checkpoint-verify';
import { createCheckpoints, type Checkpoint } from '@/lib/server/audit-log/checkpoints';
import { trustedPublicKeys } from '@/lib/server/audit-log/signing-key';
import { entry, newWorkspaceId } from './helpers';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const MIGRATIONS = path.join(ROOT, 'prisma/migrations');
const SERVER_URL = process.env.DATABASE_URL?.trim();
const KIND = SERVER_URL ? 'postgres' : 'pglite';

/** One database the test can open as a Prisma client and as a raw handle, and close. */
interface Handle {
  prisma: PrismaClient;
  raw: RawDb;
  close(): Promise<void>;
}

const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const roles = { owner: `pc_owner_${suffix}`, app: `pc_app_${suffix}` };
const names = { source: `tamper_src_${suffix}`, clone: `tamper_clone_${suffix}` };
const work = mkdtempSync(path.join(tmpdir(), 'pc-owner-tamper-'));
const dirs = { source: path.join(work, 'source'), clone: path.join(work, 'clone') };
const file = path.join(work, 'audit-checkpoints.jsonl');

function urlFor(db: string, user?: string): string {
  const u = new URL(SERVER_URL!);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

async function admin<T>(fn: (raw: RawDb) => Promise<T>): Promise<T> {
  const raw = await openRaw({ kind: 'postgres', url: SERVER_URL! });
  try {
    return await fn(raw);
  } finally {
    await raw.close();
  }
}

async function openPostgres(url: string): Promise<Handle> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  registerDirectSql(prisma, pgDirectSql(pool));
  const raw = await openRaw({ kind: 'postgres', url });
  return {
    prisma,
    raw,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await raw.close().catch(() => {});
    },
  };
}

async function openPglite(dir: string): Promise<Handle> {
  const db = await PGlite.create(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  registerDirectSql(prisma, async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
  return {
    prisma,
    raw: wrapPglite(db, false),
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** The app's connection to the source (runtime role on PostgreSQL). */
const openApp = () => (KIND === 'postgres' ? openPostgres(urlFor(names.source, roles.app)) : openPglite(dirs.source));
/** The table owner's connection to a database (on PGlite the one role). */
const openOwner = (which: 'source' | 'clone') =>
  KIND === 'postgres' ? openPostgres(urlFor(names[which], roles.owner)) : openPglite(dirs[which]);

const ws = newWorkspaceId();
const signed: Checkpoint[] = [];

async function append(app: Handle, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await recordAudit(app.prisma, entry(ws, { targetId: `row-${i}`, endUserId: 'patient-1' }));
}

beforeAll(async () => {
  process.env.AUDIT_CHECKPOINT_FILE = file;
  if (KIND === 'postgres') {
    await admin(async (a) => {
      await a.exec(`CREATE ROLE "${roles.owner}" LOGIN; CREATE ROLE "${roles.app}" LOGIN`);
      await a.exec(`CREATE DATABASE "${names.source}" OWNER "${roles.owner}"`);
    });
    const owner = await openRaw({ kind: 'postgres', url: urlFor(names.source, roles.owner) });
    try {
      await applyMigrations(owner, MIGRATIONS);
      await grantRuntimeRole(owner, roles.app);
    } finally {
      await owner.close();
    }
  } else {
    const db = await PGlite.create(dirs.source);
    await applyMigrations(wrapPglite(db, false), MIGRATIONS);
    await db.close();
  }

  // Twelve rows, checkpointed after the 6th and the 12th, as the server would.
  const app = await openApp();
  try {
    await append(app, 6);
    signed.push(...(await createCheckpoints(app.prisma, { reason: 'scheduled', chainKey: ws })).made);
    await append(app, 6);
    signed.push(...(await createCheckpoints(app.prisma, { reason: 'scheduled', chainKey: ws })).made);
  } finally {
    await app.close();
  }
  expect(signed.map((c) => c.seq)).toEqual(['6', '12']);

  // The clone: every connection to the source is closed by now.
  if (KIND === 'postgres')
    await admin((a) => a.exec(`CREATE DATABASE "${names.clone}" TEMPLATE "${names.source}" OWNER "${roles.owner}"`));
  else cpSync(dirs.source, dirs.clone, { recursive: true });
}, 120_000);

afterAll(async () => {
  process.env.AUDIT_CHECKPOINT_FILE = 'off';
  if (KIND === 'postgres')
    await admin(async (a) => {
      for (const db of Object.values(names)) await a.exec(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      for (const r of Object.values(roles)) await a.exec(`DROP ROLE IF EXISTS "${r}"`);
    });
  rmSync(work, { recursive: true, force: true });
});

/** What a table owner can do: switch the guard off, edit row 4, re-hash rows 4..12 and the head, drop the checkpoints. */
async function tamperAsOwner(raw: RawDb): Promise<void> {
  await raw.exec(`ALTER TABLE "AuditLog" DISABLE TRIGGER USER; ALTER TABLE "AuditCheckpoint" DISABLE TRIGGER USER`);
  await raw.query(`UPDATE "AuditLog" SET "endUserId" = 'someone-else' WHERE "chainKey" = $1 AND seq = 4`, [ws]);
  for (let seq = 4; seq <= 12; seq++) {
    await raw.query(
      `UPDATE "AuditLog" a SET "prevHash" = coalesce(
         (SELECT p.hash FROM "AuditLog" p WHERE p."chainKey" = a."chainKey" AND p.seq = a.seq - 1), repeat('0', 64))
       WHERE "chainKey" = $1 AND seq = $2`,
      [ws, seq],
    );
    await raw.query(
      `UPDATE "AuditLog" SET hash = audit_row_hash("prevHash", id, "chainKey", seq, "workspaceId", "actorUserId",
         "actorType"::text, "eventType", "endUserId", "timestamp", ip, "userAgent", "requestId", "targetType",
         "targetId", changes) WHERE "chainKey" = $1 AND seq = $2`,
      [ws, seq],
    );
  }
  await raw.query(
    `UPDATE "AuditChainHead" SET hash = (SELECT hash FROM "AuditLog" WHERE "chainKey" = $1 AND seq = 12) WHERE "chainKey" = $1`,
    [ws],
  );
  await raw.exec(`DELETE FROM "AuditCheckpoint"`);
  await raw.exec(`ALTER TABLE "AuditLog" ENABLE TRIGGER USER; ALTER TABLE "AuditCheckpoint" ENABLE TRIGGER USER`);
}

describe(`the audit log against its owner (${KIND})`, () => {
  it.runIf(KIND === 'postgres')(
    'the runtime role can append and read the audit log, nothing more, and cannot disable a trigger',
    async () => {
      const app = await openApp();
      try {
        expect(await runtimeRoleProblems(app.raw)).toEqual([]);
        await expect(
          app.raw.query(`UPDATE "AuditLog" SET ip = '10.0.0.1' WHERE "chainKey" = $1`, [ws]),
        ).rejects.toMatchObject({
          code: '42501',
        });
        await expect(app.raw.query(`DELETE FROM "AuditLog" WHERE "chainKey" = $1`, [ws])).rejects.toMatchObject({
          code: '42501',
        });
        await expect(app.raw.exec(`TRUNCATE "AuditLog"`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.raw.exec(`ALTER TABLE "AuditLog" DISABLE TRIGGER USER`)).rejects.toMatchObject({
          code: '42501',
        });
        await expect(app.raw.exec(`DROP TRIGGER "AuditLog_append_only_row" ON "AuditLog"`)).rejects.toMatchObject({
          code: '42501',
        });
        await expect(app.raw.exec(`UPDATE "AuditCheckpoint" SET seq = 1`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.raw.exec(`DELETE FROM "AuditCheckpoint"`)).rejects.toMatchObject({ code: '42501' });
        await expect(app.raw.exec(`DELETE FROM "AuditChainHead"`)).rejects.toMatchObject({ code: '42501' });
        // …while the application's own tables stay writable.
        await app.raw.exec(`UPDATE "Workspace" SET name = name WHERE false`);
        expect((await verifyAuditChain(app.prisma, ws)).ok).toBe(true);
      } finally {
        await app.close();
      }
      const owner = await openOwner('source');
      try {
        expect((await runtimeRoleProblems(owner.raw)).join()).toMatch(/owns the audit table "AuditLog"/);
      } finally {
        await owner.close();
      }
      const superuser = await openRaw({ kind: 'postgres', url: urlFor(names.source) });
      try {
        expect((await runtimeRoleProblems(superuser)).join()).toMatch(/is a superuser/);
      } finally {
        await superuser.close();
      }
    },
  );

  it.runIf(KIND === 'postgres')(
    'npm start warns when the runtime role owns the audit table, and grants a separate one its privileges',
    async () => {
      const migrate = (env: Record<string, string>) =>
        run(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/migrate.ts'], {
          cwd: ROOT,
          env: { ...process.env, MIGRATION_DATABASE_URL: '', ...env },
        });
      const asOwner = await migrate({ DATABASE_URL: urlFor(names.source, roles.owner) });
      expect(asOwner.stderr).toContain(`Warning: the runtime database role "${roles.owner}" owns the audit table`);
      const separate = await migrate({
        MIGRATION_DATABASE_URL: urlFor(names.source, roles.owner),
        DATABASE_URL: urlFor(names.source, roles.app),
      });
      expect(separate.stdout).toContain(`Runtime role "${roles.app}" granted its privileges`);
      expect(separate.stderr).not.toContain('Warning');
    },
    60_000,
  );

  it('an owner who re-hashes the chain fools the hash chain alone, not the checkpoint file', async () => {
    const clone = await openOwner('clone');
    try {
      await tamperAsOwner(clone.raw);
      // The chain links up again, and the database's own checkpoints are gone…
      expect(await verifyAuditChain(clone.prisma, ws)).toMatchObject({ ok: true, checked: 12 });
      const dbOnly = await verifyCheckpoints(clone.prisma, {
        chainKey: ws,
        files: [],
        publicKeys: trustedPublicKeys(),
      });
      expect(dbOnly).toMatchObject({ ok: true, checked: 0 });
      // …but the checkpoint file still holds what was signed.
      const r = await verifyCheckpoints(clone.prisma, { chainKey: ws, files: [file], publicKeys: trustedPublicKeys() });
      expect(r.ok).toBe(false);
      expect(r.firstBad).toMatchObject({ id: signed[0]!.id, seq: '6', problem: 'hash_mismatch', source: `${file}:1` });
      expect(r.bad.map((b) => b.seq)).toEqual(['6', '12']);
    } finally {
      await clone.close();
    }
    // The untouched original passes the same checks.
    const source = await openOwner('source');
    try {
      expect((await verifyAuditChain(source.prisma, ws)).ok).toBe(true);
      const r = await verifyCheckpoints(source.prisma, {
        chainKey: ws,
        files: [file],
        publicKeys: trustedPublicKeys(),
      });
      expect(r).toMatchObject({ ok: true, checked: 2, firstBad: null });
    } finally {
      await source.close();
    }
  });

  it('npm run audit:verify fails on the clone and names the first bad checkpoint', async () => {
    const dbEnv = KIND === 'postgres' ? { DATABASE_URL: urlFor(names.clone, roles.owner) } : { PGLITE_DIR: dirs.clone };
    const env = { ...process.env, ...dbEnv, AUDIT_CHECKPOINT_FILE: 'off', LOG_LEVEL: 'silent' };
    if (KIND === 'pglite') delete env.DATABASE_URL;
    const args = ['--conditions=react-server', 'scripts/audit-verify.ts', ws, '--checkpoints', file];
    const failed = await run(path.join(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT, env }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`First bad checkpoint: ${signed[0]!.id} (chain ${ws}, seq 6`);
    expect(failed?.stdout).toContain('the chain was rewritten and re-hashed');
    expect(failed?.stdout).toMatch(/^FAILED: 12 rows in 1 chains and 2 checkpoints/m);
  }, 60_000);
});

// Keep the generated names honest: they must be valid, unquoted-safe identifiers.
it('uses plain identifiers for roles and databases', () => {
  for (const n of [...Object.values(roles), ...Object.values(names)]) expect(n).toMatch(/^[a-z0-9_]+$/);
  expect(randomUUID()).toBeTruthy();
});
