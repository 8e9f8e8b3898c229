// Seeds the demo workspaces on first start. Idempotent: when the demo workspace
// exists it changes nothing. Passwords and the write key come from SEED_PASSWORD
// and SEED_WRITE_KEY, or are random and printed once (no fixed password ships).
import { randomBytes } from 'node:crypto';
import { dbTarget } from '../lib/db/config';
import { createDb, setDbForProcess } from '../lib/server/db';
import { seedDemo } from '../lib/server/seed/demo';

async function main() {
  const handle = await createDb(dbTarget());
  setDbForProcess(handle);
  try {
    const password = process.env.SEED_PASSWORD || randomBytes(12).toString('base64url');
    const r = await seedDemo({ password, writeKey: process.env.SEED_WRITE_KEY || undefined });
    if (!r.created) {
      console.log('Demo data: already present (unchanged).');
      return;
    }
    console.log('\nDemo data created. Sign in with:');
    for (const u of r.users) console.log(`  ${u.email.padEnd(36)} ${u.role.padEnd(11)} ${u.workspace}`);
    console.log(
      process.env.SEED_PASSWORD
        ? '  Password: the value of SEED_PASSWORD'
        : `  Password (shown once, not stored in clear): ${password}`,
    );
    console.log(
      process.env.SEED_WRITE_KEY
        ? '  Sunshine Health write key: the value of SEED_WRITE_KEY'
        : `  Sunshine Health write key (shown once): ${r.writeKey}`,
    );
    console.log('');
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(`Seed failed: ${(e as Error).message}`);
  process.exit(1);
});
