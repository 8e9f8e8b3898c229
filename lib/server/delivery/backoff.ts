import 'server-only';
import type { WorkerConfig } from '@/lib/server/delivery/config';

/**
 * Delay before attempt `attempt + 1`: exponential (base x 2^(attempt-1), capped)
 * with "equal jitter" (half fixed, half random), so a destination that comes back
 * is not hit by every waiting delivery in the same instant, and a retry never
 * comes immediately. A Retry-After from the destination is a floor.
 */
export function retryDelayMs(
  attempt: number,
  cfg: Pick<WorkerConfig, 'backoffBaseMs' | 'backoffMaxMs' | 'maxRetryAfterMs'>,
  retryAfterMs?: number,
  random = Math.random,
): number {
  const exp = Math.min(cfg.backoffMaxMs, cfg.backoffBaseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const jittered = exp / 2 + random() * (exp / 2);
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, cfg.maxRetryAfterMs);
  return Math.round(Math.max(jittered, floor));
}

export type FinalStatus = 'delivered' | 'retrying' | 'failed' | 'dead' | 'filtered' | 'held';

/** What a retryable failure becomes: another try, or dead once too old or tried too often. */
export function retryOrDead(
  attempts: number,
  ageFrom: Date,
  delayMs: number,
  cfg: Pick<WorkerConfig, 'maxAgeMs' | 'maxAttempts'>,
  now = Date.now(),
): 'retrying' | 'dead' {
  if (attempts >= cfg.maxAttempts) return 'dead';
  if (now + delayMs - ageFrom.getTime() > cfg.maxAgeMs) return 'dead';
  return 'retrying';
}
