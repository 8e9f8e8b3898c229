import 'server-only';
import type { FunctionKind } from '@/lib/functions/types';
import type { SandboxLimits } from '@/lib/server/functions/sandbox/limits';

export type { FunctionKind } from '@/lib/functions/types';
export type { SandboxLimits } from '@/lib/server/functions/sandbox/limits';

export interface RunInput {
  /** Immutable id of the deployed code; with `instanceKey` it keys the runtime pool. */
  versionId: string;
  code: string;
  kind: FunctionKind;
  /** One connected instance (its settings and secrets). Runtimes are never shared across keys. */
  instanceKey: string;
  event: Record<string, unknown>;
  settings: Record<string, unknown>;
  limits?: Partial<SandboxLimits>;
}

export type BatchInput = Omit<RunInput, 'event'> & { events: Record<string, unknown>[] };

export type RunOutcome = 'ok' | 'retry' | 'dropped' | 'not_supported' | 'failed';

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  message: string;
}

/**
 * One fetch() the code made. The URL is kept whole (query string included): these records can
 * carry PHI and secrets, so callers show and store them only behind the same PHI gate as events.
 */
export interface FetchRecord {
  method: string;
  url: string;
  status: number | null;
  error?: string;
  /** The first 2 KB of the response body. */
  responseBody?: string;
  /** The first 4 KB of the request body (what the code sent). */
  requestBody?: string;
  durationMs: number;
}

export interface RunResult {
  outcome: RunOutcome;
  /** The thrown class (RetryError, TypeError, ...) or the limit (TimeLimit, MemoryLimit, ...). */
  errorType?: string;
  message?: string;
  /** JSON value the handler returned (null allowed); absent when it returned undefined. */
  returned?: unknown;
  logs: LogLine[];
  logsTruncated: boolean;
  fetches: FetchRecord[];
  durationMs: number;
}

export interface SyntaxIssue {
  line: number;
  column: number;
  message: string;
}

export type SyntaxCheck = { ok: true; handlers: string[] } | { ok: false; errors: SyntaxIssue[] };

export type LimitKind = 'timeout' | 'memory' | 'stack' | 'output' | 'input';

export type ThrownKind = 'retry' | 'drop' | 'invalid' | 'error';

/** What a call produced, before it is mapped to a RunResult (see outcome.ts). */
export type RawOutcome =
  | { type: 'returned'; json: string | undefined }
  | { type: 'threw'; kind: ThrownKind; name: string; message: string; line: number; column: number }
  | { type: 'no_handler' }
  | { type: 'not_json'; reason: string }
  | { type: 'limit'; limit: LimitKind; detail?: string }
  | { type: 'stalled' }
  | { type: 'crashed'; message: string };
