// npm run audit:verify [chainKey]: recomputes the audit hash chains and reports
// the first broken link per chain. Exits 1 on any break, so it can run from cron
// or CI and alert. Prints each chain's head hash: keeping those lines somewhere
// else (a ticket, a WORM bucket) anchors the chain against a full rewrite.
import { dbTarget, describeTarget } from '../lib/db/config';
import { createDb } from '../lib/server/db';
import { verifyAuditChain } from '../lib/server/audit-log/verify';

async function main(): Promise<number> {
  const target = dbTarget();
  const db = await createDb(target);
  try {
    const chainKey = process.argv[2];
    const started = Date.now();
    const r = await verifyAuditChain(db.prisma, chainKey);
    console.log(`Audit chain verification on ${describeTarget(target)}`);
    if (r.chains.length === 0) console.log('  (no audit rows)');
    for (const c of r.chains) {
      const head = c.headSeq === null ? 'no head' : `head seq ${c.headSeq} ${c.headHash}`;
      const status = c.firstBroken
        ? `BROKEN at seq ${c.firstBroken.seq}: ${c.firstBroken.reason}${c.firstBroken.id ? ` (row ${c.firstBroken.id})` : ''}`
        : 'ok';
      console.log(`  ${c.chainKey.padEnd(36)}  ${String(c.checked).padStart(9)} rows  ${status}  [${head}]`);
    }
    console.log(
      `${r.ok ? 'OK' : 'FAILED'}: ${r.checked} rows in ${r.chains.length} chains checked in ${Date.now() - started} ms`,
    );
    return r.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit:verify failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
