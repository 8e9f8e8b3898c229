import 'server-only';
import type { FetchRecord, LogLevel, LogLine } from '@/lib/server/functions/sandbox/types';
import type { SandboxLimits } from '@/lib/server/functions/sandbox/limits';

/** Something the guest awaits that the host completes later (a fetch, a timer). */
export interface PendingOp {
  /** Frees the guest-side resolve/reject functions; called once, on completion or when the call ends. */
  release(): void;
  /** Stops the host-side work (aborts the request, clears the timer). */
  cancel(): void;
}

/**
 * Everything one call accumulates and is bounded by: deadline, captured logs, fetch records and
 * the host operations in flight. A call's state is closed when the call ends; host operations that
 * finish later see `closed` and leave the runtime alone.
 */
export class CallState {
  readonly startedAt = performance.now();
  readonly deadline: number;
  readonly logs: LogLine[] = [];
  readonly fetches: FetchRecord[] = [];
  logsTruncated = false;
  fetchCount = 0;
  timedOut = false;
  /** A refused URL or a breached fetch limit: retrying cannot help, so the call ends failed. */
  policyError: string | null = null;
  closed = false;
  /** performance.now() when the call ended (close). */
  endedAt = 0;
  private logBytes = 0;
  /** Host operations in flight; created on the first one (most calls start none). */
  private inflight: Set<PendingOp> | null = null;
  private wake: (() => void) | null = null;

  /** `load` while the code's top level runs: host work started then could never be awaited. */
  constructor(
    readonly limits: SandboxLimits,
    readonly phase: 'load' | 'call' = 'call',
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** Keeps a console line within the caps; false once the caps are reached (the guest stops sending). */
  log(level: LogLevel, message: string): boolean {
    if (this.closed || this.logsTruncated) return false;
    const room = this.limits.maxLogBytes - this.logBytes;
    if (this.logs.length >= this.limits.maxLogLines || room <= 0) {
      this.logsTruncated = true;
      return false;
    }
    const bytes = Buffer.byteLength(message, 'utf8');
    if (bytes > room) {
      this.logs.push({ level, message: Buffer.from(message, 'utf8').subarray(0, room).toString('utf8') });
      this.logBytes = this.limits.maxLogBytes;
      this.logsTruncated = true;
      return false;
    }
    this.logs.push({ level, message });
    this.logBytes += bytes;
    return true;
  }

  track(op: PendingOp): void {
    (this.inflight ??= new Set()).add(op);
  }

  /** Removes a finished op; the caller has already settled the guest promise. */
  finish(op: PendingOp): void {
    this.inflight?.delete(op);
    op.release();
    this.wake?.();
  }

  hasInflight(): boolean {
    return this.inflight !== null && this.inflight.size > 0;
  }

  /** Resolves true when a host operation finishes, false at the deadline. */
  waitForActivity(): Promise<boolean> {
    const ms = this.remainingMs();
    if (ms <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }

  /** Ends the call: whatever is still in flight is cancelled and its guest promise is left pending. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endedAt = performance.now();
    if (this.inflight !== null) {
      for (const op of this.inflight) {
        op.cancel();
        op.release();
      }
      this.inflight.clear();
    }
    this.wake?.();
  }

  elapsedMs(): number {
    return Math.round(((this.closed ? this.endedAt : performance.now()) - this.startedAt) * 100) / 100;
  }
}
