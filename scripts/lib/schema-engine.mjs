// Thin wrapper around Prisma's official WASM schema engine (@prisma/schema-engine-wasm).
//
// Why this exists: the Prisma 7 CLI only drives the *native* schema-engine binary, which
// cannot be downloaded in this environment, so `prisma migrate diff/dev` are unusable.
// The WASM build of the same engine does the same diffing, but instead of a connection
// URL it talks to the database through a JS driver adapter factory that must be:
//   - migration-aware (has `connect()` and `connectToShadowDb()`), and
//   - wrapped by `bindMigrationAwareSqlAdapterFactory`, which turns thrown errors into
//     `{ ok, value | error }` results plus an `errorRegistry` the engine reads from.
// Passing a plain object is what produces "Cannot read properties of undefined (reading
// 'call')": the engine looks those methods up and calls them blindly.
//
// Importing this module requires `node --experimental-wasm-modules` on Node 20, because
// the engine package does `import * as wasm from "./schema_engine_bg.wasm"`.

import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/** @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} MigrationAwareFactory */

// prisma.config.ts `tables.external` / `enums.external`; this project uses neither.
const NO_FILTERS = { externalTables: [], externalEnums: [] };
const SCHEMA_PATH = 'schema.prisma';

/**
 * @param {MigrationAwareFactory} factory
 * @param {string} schemaText
 * @param {(engine: SchemaEngine) => Promise<T>} fn
 * @returns {Promise<T>}
 * @template T
 */
async function withEngine(factory, schemaText, fn) {
  // The engine reports progress/errors through this callback as JSON lines; they are
  // noise for a script, so only surface them when debugging.
  const log = process.env.DEBUG_SCHEMA_ENGINE ? (line) => console.error('[schema-engine]', line) : () => {};
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schemaText]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/**
 * @param {SchemaEngine} engine
 * @param {import('@prisma/schema-engine-wasm').DiffTarget} from
 * @param {string} schemaText
 */
async function diffTo(engine, from, schemaText) {
  const result = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schemaText }] },
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  return result.stdout ?? '';
}

const PG_CHAR_OID = 18; // the internal one-byte `"char"` type, e.g. pg_constraint.contype
const PG_TEXT_OID = 25;

/**
 * The engine's introspection queries return catalog columns of type `"char"`, which
 * @prisma/adapter-pg 7.10 does not map (it raises UnsupportedNativeDataType, surfacing as
 * "Column type 'char' could not be deserialized"). pg already decodes them as strings,
 * so relabelling the column as text is lossless. pglite-prisma-adapter maps it itself.
 * @param {pg.Pool} pool
 */
function reportCharAsText(pool) {
  const query = pool.query.bind(pool);
  /** @param {pg.QueryResult} res */
  const relabel = (res) => {
    for (const field of res?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  };
  // @ts-expect-error -- promise form only; that is all PrismaPg uses.
  pool.query = async (...args) => {
    const res = await query(...args);
    for (const r of Array.isArray(res) ? res : [res]) relabel(r);
    return res;
  };
}

/**
 * SQL that creates the whole schema from nothing, like
 * `prisma migrate diff --from-empty --to-schema-datamodel --script`.
 * Note: the engine prefixes `CREATE SCHEMA IF NOT EXISTS "public";` in this mode.
 * @param {string} schemaText contents of schema.prisma
 * @returns {Promise<string>}
 */
export async function diffEmptyToSchema(schemaText) {
  // Empty -> datamodel does not read the database, but the engine still queries its
  // adapter on startup (driver-adapter-utils' mock adapter fails there), so give it a
  // throwaway in-memory PGlite rather than requiring a server.
  const db = new PGlite();
  try {
    return await withEngine(new PrismaPGlite(db), schemaText, (engine) => diffTo(engine, { tag: 'empty' }, schemaText));
  } finally {
    await db.close();
  }
}

/**
 * SQL needed to take a live database to `schemaText`. Returns '' (or only comments,
 * e.g. "-- This is an empty migration.") when the database already matches.
 * @param {string | PGlite | MigrationAwareFactory} target
 *   a postgres:// URL, a PGlite instance, or an (unbound) migration-aware adapter factory
 * @param {string} schemaText contents of schema.prisma
 * @returns {Promise<string>}
 */
export async function diffDatabaseToSchema(target, schemaText) {
  /** @type {pg.Pool | undefined} */
  let pool;
  /** @type {MigrationAwareFactory} */
  let factory;
  if (typeof target === 'string') {
    // We own the pool (rather than letting PrismaPg create one) so it is closed even if
    // the engine never calls adapter.dispose(); otherwise node would not exit.
    pool = new pg.Pool({ connectionString: target, max: 2 });
    reportCharAsText(pool);
    factory = new PrismaPg(pool);
  } else if (typeof target.connectToShadowDb === 'function') {
    factory = /** @type {MigrationAwareFactory} */ (target);
  } else {
    factory = new PrismaPGlite(/** @type {PGlite} */ (target));
  }
  try {
    // `schemaDatasource` means "introspect the database behind the engine's adapter";
    // the files are only read for the datasource block (provider), not for the diff.
    return await withEngine(factory, schemaText, (engine) =>
      diffTo(
        engine,
        { tag: 'schemaDatasource', files: [{ path: SCHEMA_PATH, content: schemaText }], configDir: process.cwd() },
        schemaText,
      ),
    );
  } finally {
    await pool?.end();
  }
}

/**
 * True when a diff script contains no executable SQL (the engine emits comment-only
 * output such as "-- This is an empty migration." when nothing changed).
 * @param {string} sql
 */
export function isEmptyDiff(sql) {
  return sql
    .split('\n')
    .map((l) => l.trim())
    .every((l) => l === '' || l.startsWith('--'));
}
