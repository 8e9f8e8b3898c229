import 'server-only';
import { processSingleton, setProcessSingleton } from '@/lib/server/platform/process-singleton';

// Per-source token bucket, in memory. Each process enforces its own budget, so
// N server processes admit up to N x the rate; that is the usual trade-off for a
// limiter that costs nothing per request. Tokens are events, not requests: a
// batch of 100 spends 100.
//   INGEST_RATE_LIMIT  events per second per source (default 20000; 0 = off)
//   INGEST_RATE_BURST  bucket size (default 2 x the rate)
export interface RateDecision {
  ok: boolean;
  retryAfterSec: number;
}

interface Bucket {
  tokens: number;
  at: number;
}
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  take(key: string, n: number, now = Date.now()): RateDecision {
    if (this.rate <= 0) return { ok: true, retryAfterSec: 0 };
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    // A request larger than the whole bucket can never pass; let it through once
    // the bucket is full rather than refusing it forever.
    const cost = Math.min(n, this.burst);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { ok: true, retryAfterSec: 0 };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((cost - b.tokens) / this.rate)) };
  }
}

const BUCKETS_KEY = 'ingest.rate-buckets';

export function ingestBuckets(): TokenBuckets {
  return processSingleton(BUCKETS_KEY, () => {
    const rate = Number(process.env.INGEST_RATE_LIMIT ?? 20_000);
    const burst = Number(process.env.INGEST_RATE_BURST ?? rate * 2);
    return new TokenBuckets(
      Number.isFinite(rate) ? rate : 20_000,
      Number.isFinite(burst) && burst > 0 ? burst : rate * 2,
    );
  });
}

/** Tests change the env and call this to pick it up. */
export function resetIngestBuckets(): void {
  setProcessSingleton(BUCKETS_KEY, undefined);
}
