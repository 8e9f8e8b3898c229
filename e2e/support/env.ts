// Values the e2e server is started with (playwright.config.ts) and the tests
// rely on. Fixed, e2e-only values: never used by a real installation.
import { execFileSync } from 'node:child_process';

// The port: E2E_PORT, or one the OS reports free. Chosen once in the runner
// process and put into its environment, which Playwright's workers inherit, so
// every process agrees on it.
process.env.E2E_PORT ||= execFileSync(
  process.execPath,
  ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
  { encoding: 'utf8' },
).trim();
export const E2E_PORT = Number(process.env.E2E_PORT);
/**
 * Each run keeps its own storage states, artifacts and report (named after its
 * port), so two runs in one checkout never clobber each other.
 */
export const RUN_SUFFIX = `-${E2E_PORT}`;
export const BASE_URL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${E2E_PORT}`;
export const SEED_PASSWORD = process.env.E2E_SEED_PASSWORD ?? 'e2e-only-Passw0rd-not-secret';
export const SEED_WRITE_KEY = process.env.E2E_SEED_WRITE_KEY ?? 'wk_e2e_only_0123456789abcdefghijklmnop';
export const NEXTAUTH_SECRET = process.env.E2E_NEXTAUTH_SECRET ?? 'e2e-only-nextauth-secret-0123456789abcdef';
export const APP_ENCRYPTION_KEY = process.env.E2E_APP_ENCRYPTION_KEY ?? 'e2'.repeat(32);
/** Set: the server and the tests share this PostgreSQL database. Unset: embedded PGlite, no DB inspection. */
export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;
