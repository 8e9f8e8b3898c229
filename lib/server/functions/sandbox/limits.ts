import 'server-only';

/** Resource limits of one function call (and of the runtime it runs in). All can be lowered or raised per call. */
export interface SandboxLimits {
  /** Wall time of one call, CPU and awaiting together. */
  timeoutMs: number;
  /** QuickJS heap of one runtime (the malloc limit). */
  memoryBytes: number;
  /** QuickJS stack of one runtime. */
  stackBytes: number;
  /** The handler's return value, as JSON (UTF-8 bytes). */
  maxOutputBytes: number;
  /** The event (or batch) and settings passed in, as JSON (UTF-8 bytes). */
  maxInputBytes: number;
  /** fetch() calls per function call. */
  maxFetches: number;
  /** One fetch, never more than what is left of the call's deadline. */
  fetchTimeoutMs: number;
  /** Response body bytes a fetch keeps (the rest is discarded). */
  maxFetchResponseBytes: number;
  /** Request body bytes a fetch may send. */
  maxFetchRequestBytes: number;
  /** Console lines kept per call. */
  maxLogLines: number;
  /** Console bytes kept per call. */
  maxLogBytes: number;
  /**
   * Preview: fetch() is answered 200 with an empty body and recorded with its
   * request body, but nothing leaves the server (what *would* be sent).
   */
  captureFetch: boolean;
}

type NumericLimit = Exclude<keyof SandboxLimits, 'captureFetch'>;

// 64 MB is half of RudderStack's isolate default and far above what an event transform needs (the
// recipe peaks under 1 MB). 256 KB of QuickJS stack is about 1,500 nested JS calls; more would let
// native recursion inside the interpreter (JSON, RegExp) overflow the host thread's stack first.
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 5_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxOutputBytes: 32 * 1024,
  maxInputBytes: 2 * 1024 * 1024,
  maxFetches: 10,
  fetchTimeoutMs: 5_000,
  maxFetchResponseBytes: 64 * 1024,
  maxFetchRequestBytes: 1024 * 1024,
  maxLogLines: 100,
  maxLogBytes: 8 * 1024,
  captureFetch: false,
});

const BOUNDS: Record<NumericLimit, [number, number]> = {
  timeoutMs: [1, 60_000],
  memoryBytes: [4 * 1024 * 1024, 512 * 1024 * 1024],
  stackBytes: [32 * 1024, 1024 * 1024],
  maxOutputBytes: [0, 4 * 1024 * 1024],
  maxInputBytes: [1024, 16 * 1024 * 1024],
  maxFetches: [0, 100],
  fetchTimeoutMs: [1, 60_000],
  maxFetchResponseBytes: [0, 4 * 1024 * 1024],
  maxFetchRequestBytes: [0, 16 * 1024 * 1024],
  maxLogLines: [0, 10_000],
  maxLogBytes: [0, 1024 * 1024],
};

/** Defaults overlaid with the caller's values, each clamped to a sane range (a typo must not disable a limit). */
export function resolveLimits(overrides?: Partial<SandboxLimits>): Readonly<SandboxLimits> {
  if (!overrides) return DEFAULT_LIMITS;
  const out = { ...DEFAULT_LIMITS };
  if (typeof overrides.captureFetch === 'boolean') out.captureFetch = overrides.captureFetch;
  for (const key of Object.keys(BOUNDS) as NumericLimit[]) {
    const v = overrides[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const [lo, hi] = BOUNDS[key];
    out[key] = Math.min(hi, Math.max(lo, Math.floor(v)));
  }
  return out;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
