// Test-only secrets so server modules can run; never used outside tests.
import { generateKeyPairSync } from 'node:crypto';

process.env.APP_ENCRYPTION_KEY ||= '00'.repeat(32);
process.env.NEXTAUTH_SECRET ||= 'test-nextauth-secret-not-for-production';
process.env.LOG_LEVEL ||= 'silent';
// Audit checkpoints: a key of this test process's own, and no checkpoint file (never
// .data/, which a developer's own server uses); the checkpoint tests set a file of their own.
process.env.AUDIT_SIGNING_KEY ||= generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64url');
process.env.AUDIT_CHECKPOINT_FILE ||= 'off';
