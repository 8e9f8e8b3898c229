// Proves the migrations produce exactly prisma/schema.prisma: applies every
// migration to a fresh database (in-memory PGlite, or a scratch database on the
// DATABASE_URL server), then asks Prisma's own schema engine (WASM build) for
// the diff from that database to the schema. An empty diff means they match.
// Run: node --experimental-wasm-modules --import tsx scripts/schema-check.mts [--schema file]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from '../lib/db/migrate';
import { openRaw, wrapPglite } from '../lib/db/raw';
// @ts-expect-error plain ESM module with JSDoc types
import { diffDatabaseToSchema, isEmptyDiff } from './lib/schema-engine.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argSchema = process.argv.indexOf('--schema');
const schemaFile = argSchema > 0 ? process.argv[argSchema + 1] : path.join(root, 'prisma', 'schema.prisma');
const migrations = path.join(root, 'prisma', 'migrations');

async function main(): Promise<string> {
  const schema = readFileSync(schemaFile, 'utf8');
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    const db = new PGlite();
    await db.waitReady;
    await applyMigrations(wrapPglite(db, false), migrations);
    try {
      return await diffDatabaseToSchema(db, schema);
    } finally {
      await db.close();
    }
  }
  const name = `schema_check_${randomBytes(4).toString('hex')}`;
  const admin = await openRaw({ kind: 'postgres', url });
  await admin.exec(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    const raw = await openRaw({ kind: 'postgres', url: u.toString() });
    try {
      await applyMigrations(raw, migrations);
    } finally {
      await raw.close();
    }
    return await diffDatabaseToSchema(u.toString(), schema);
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
  }
}

main().then(
  (diff: string) => {
    if (isEmptyDiff(diff)) {
      console.log('Schema check: the migrated database matches prisma/schema.prisma.');
    } else {
      console.log('Schema check: the migrated database DIFFERS from the schema. SQL needed to match:\n' + diff);
      process.exit(1);
    }
  },
  (e: Error) => {
    console.error(`Schema check failed to run: ${e.message}`);
    process.exit(2);
  },
);
