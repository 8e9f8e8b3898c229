import 'server-only';
import { getDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { processSingleton } from '@/lib/server/platform/process-singleton';
import { createCheckpoints } from '@/lib/server/audit-log/checkpoints';

// The hourly checkpoint, started beside the delivery worker (instrumentation.ts in
// npm start, scripts/worker.ts for `npm run worker`). Each run signs only the chains
// that moved since their last checkpoint, so several processes running it at once
// cost a duplicate checkpoint at worst, never a gap. The first run comes shortly
// after start, so a server restarted more often than hourly still anchors its log.

const FIRST_RUN_MS = 30_000;

/** AUDIT_CHECKPOINT_INTERVAL_MINUTES, default 60; 0 turns the scheduled checkpoints off. */
export function checkpointIntervalMinutes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AUDIT_CHECKPOINT_INTERVAL_MINUTES?.trim();
  const n = raw ? Number.parseInt(raw, 10) : 60;
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 24 * 60) : 60;
}

async function runScheduled(): Promise<void> {
  try {
    const r = await createCheckpoints(await getDb(), { reason: 'scheduled', onlyChanged: true });
    if (r.skipped === 'no_signing_key') log.warn('audit.checkpoint_no_key', {});
  } catch (e) {
    log.error('audit.checkpoint_failed', { reason: 'scheduled', error: e instanceof Error ? e.name : 'unknown' });
  }
}

export function startAuditCheckpointTimer(): void {
  processSingleton('audit.checkpoint-timer', () => {
    const minutes = checkpointIntervalMinutes();
    if (minutes === 0) return null;
    const first = setTimeout(() => void runScheduled(), FIRST_RUN_MS);
    const every = setInterval(() => void runScheduled(), minutes * 60_000);
    first.unref();
    every.unref();
    log.info('audit.checkpoint_timer_started', { minutes });
    return { first, every };
  });
}
