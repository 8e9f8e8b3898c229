// npm start: build if needed, migrate, seed on first run, serve.
// Without DATABASE_URL the data lives in an embedded PostgreSQL (PGlite) under
// ./.data; with it, in that PostgreSQL server. Same schema, same migrations.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Next.js's anonymous telemetry stays off unless someone turns it on: a self-hosted
// console for PHI should not talk to third parties on its own.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const port = process.env.PORT || '3000';
const hostname = process.env.HOSTNAME || 'localhost';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

/** Secrets a first start creates and keeps in .data/secrets.json (mode 0600); env values win. */
function ensureSecrets() {
  const dir = path.join(root, '.data');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'secrets.json');
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const next = {
    NEXTAUTH_SECRET: saved.NEXTAUTH_SECRET || randomBytes(32).toString('base64url'),
    APP_ENCRYPTION_KEY: saved.APP_ENCRYPTION_KEY || randomBytes(32).toString('hex'),
    // Signs the audit log's checkpoints (docs/audit-log.md): Ed25519, PKCS#8 DER in base64url.
    AUDIT_SIGNING_KEY:
      saved.AUDIT_SIGNING_KEY ||
      generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
  };
  if (JSON.stringify(next) !== JSON.stringify(saved))
    writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
  for (const [k, v] of Object.entries(next)) process.env[k] ||= v;
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) {
    if (e === 'node_modules' || e === 'generated' || e.startsWith('.')) continue;
    max = Math.max(max, newestMtime(path.join(p, e)));
  }
  return max;
}

function needsBuild() {
  const id = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const inputs = ['app', 'components', 'lib', 'next.config.js', 'package.json', 'postcss.config.mjs', 'proxy.ts'];
  return inputs.some((p) => newestMtime(path.join(root, p)) > built);
}

ensureSecrets();
process.env.NEXTAUTH_URL ||= `http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`;
if (!existsSync(path.join(root, 'lib', 'generated', 'prisma', 'client.ts')))
  run(process.execPath, ['scripts/prisma-generate.mjs']);
if (needsBuild()) {
  console.log('Building the console (first start or changed sources)…');
  run(bin('next'), ['build']);
}
run(bin('tsx'), ['scripts/migrate.ts']);
run(bin('tsx'), ['--conditions=react-server', 'scripts/seed.ts']);

// Bound the V8 heap. Under sustained ingest (and with the delivery worker inside the
// server) V8's default limit, a share of the machine's RAM, lets the heap and RSS grow
// far beyond what is live; with a bound it collects sooner at little CPU cost.
// SERVER_MAX_OLD_SPACE_MB (default 384) or an explicit --max-old-space-size in NODE_OPTIONS wins.
const nodeOptions = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')
  ? process.env.NODE_OPTIONS
  : `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${process.env.SERVER_MAX_OLD_SPACE_MB || 384}`.trim();
const child = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs'), '-p', port, '-H', hostname], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
let announced = false;
child.stdout.on('data', (buf) => {
  process.stdout.write(buf);
  if (!announced && /Ready|started server/i.test(buf.toString())) {
    announced = true;
    const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PostgreSQL in ./.data/pglite';
    console.log(`\nPrivacy Console is running at ${process.env.NEXTAUTH_URL}  (database: ${where})`);
    console.log(
      'Demo accounts: owner@, member@, compliance@sunshine-health.example and owner@northwind-clinic.example',
    );
    console.log('Passwords: SEED_PASSWORD if set, otherwise the one printed above on the very first start.\n');
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
