// npm run audit:verify [-- [chainKey] [--checkpoints FILE]... [--public-key FILE] [--no-default-file]]
//
// Recomputes the audit hash chains and reports the first broken link per chain,
// then checks the chains against the signed checkpoints: those in the database,
// the server's checkpoint file (AUDIT_CHECKPOINT_FILE, default
// .data/audit-checkpoints.jsonl) and any file given with --checkpoints (a copy
// kept elsewhere: a SIEM export, a WORM bucket). A chain rewritten and re-hashed
// by its database owner still links up, but no longer ends at the hash a
// checkpoint signed; the first such checkpoint is named. Exits 1 on any break or
// bad checkpoint, so it can run from cron or CI and alert; 2 when it cannot run.
//
// The public key comes from --public-key (PEM or base64 SPKI, e.g. kept apart from
// the server), else from the signing key itself (AUDIT_SIGNING_KEY or
// .data/secrets.json). --print-public-key prints it, to keep a copy elsewhere.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dbTarget, describeTarget } from '../lib/db/config';
import { createDb } from '../lib/server/db';
import { verifyAuditChain } from '../lib/server/audit-log/verify';
import { verifyCheckpoints, type CheckpointProblem } from '../lib/server/audit-log/checkpoint-verify';
import { checkpointFile } from '../lib/server/audit-log/checkpoints';
import {
  keyIdOf,
  loadSigningKey,
  parsePublicKey,
  publicKeyPem,
  trustedPublicKeys,
} from '../lib/server/audit-log/signing-key';

const PROBLEMS: Record<CheckpointProblem, string> = {
  unknown_key: 'signed by a key this verifier does not trust (forged, or another installation)',
  bad_signature: 'its signature does not match its contents (the checkpoint was edited)',
  row_missing: 'the chain has no row at the signed seq (rows removed, or purged after retention)',
  hash_mismatch: 'the row at the signed seq has another hash (the chain was rewritten and re-hashed)',
  count_mismatch: 'the chain has a different number of rows up to the signed seq',
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      checkpoints: { type: 'string', multiple: true, default: [] },
      'public-key': { type: 'string' },
      'no-default-file': { type: 'boolean', default: false },
      'print-public-key': { type: 'boolean', default: false },
    },
  });

  if (values['print-public-key']) {
    const key = loadSigningKey();
    if (!key) throw new Error('no signing key: set AUDIT_SIGNING_KEY (npm start keeps one in .data/secrets.json)');
    console.log(publicKeyPem(key.publicKey).trim());
    console.log(`base64 SPKI: ${key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')}`);
    console.log(`key id: ${key.keyId}`);
    return 0;
  }

  const publicKeys = values['public-key']
    ? [parsePublicKey(readFileSync(values['public-key'], 'utf8'))]
    : trustedPublicKeys();
  const serverFile = values['no-default-file'] ? null : checkpointFile();
  const files = [...(serverFile ? [serverFile] : []), ...(values.checkpoints ?? [])];

  const target = dbTarget();
  const db = await createDb(target);
  try {
    const chainKey = positionals[0];
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

    const cps = await verifyCheckpoints(db.prisma, { chainKey, files, publicKeys });
    const keys = publicKeys.map(keyIdOf).join(', ') || 'none (set AUDIT_SIGNING_KEY or --public-key)';
    console.log(`Signed checkpoints: ${cps.checked} checked from the database and ${files.join(', ') || 'no file'}`);
    console.log(`  trusted key: ${keys}`);
    for (const line of cps.malformed) console.log(`  MALFORMED line ${line}`);
    if (cps.notInDatabase > 0)
      console.log(`  note: ${cps.notInDatabase} valid checkpoint(s) from files are not in the database`);
    for (const b of cps.bad)
      console.log(
        `  BAD checkpoint ${b.id}: chain ${b.chainKey} seq ${b.seq}, signed ${b.signedAt} (${b.source}): ${b.problem}`,
      );
    if (cps.firstBad) {
      const b = cps.firstBad;
      console.log(
        `First bad checkpoint: ${b.id} (chain ${b.chainKey}, seq ${b.seq}, signed ${b.signedAt}, ${b.source}): ${PROBLEMS[b.problem]}`,
      );
    }

    const ok = r.ok && cps.ok;
    console.log(
      `${ok ? 'OK' : 'FAILED'}: ${r.checked} rows in ${r.chains.length} chains and ${cps.checked} checkpoints checked in ${Date.now() - started} ms`,
    );
    return ok ? 0 : 1;
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
