import 'server-only';
// One error type for the whole server. Route handlers map it to JSON; anything
// else becomes a 500 with a generic message (never a stack trace), except
// database connectivity failures, which become 503.
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'session_idle'
  | 'session_expired'
  | 'mfa_required'
  | 'reauth_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'locked'
  | 'db_unavailable'
  | 'audit_unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  payload_too_large: 400,
  unauthenticated: 401,
  session_idle: 401,
  session_expired: 401,
  mfa_required: 403,
  reauth_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  db_unavailable: 503,
  audit_unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = 'Not found') => new AppError('not_found', what);

const DB_DOWN_KINDS = new Set(['ConnectionClosed', 'DatabaseNotReachable', 'SocketTimeout']);
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  'P1001',
  'P1017',
  'P2024',
]);

/** True when an error means "the database is unreachable", not "the query is wrong". */
export function isDbUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const o = cur as {
      code?: string;
      message?: string;
      cause?: unknown;
      name?: string;
      meta?: { driverAdapterError?: { cause?: { kind?: string } } };
    };
    if (o.code && DB_DOWN_CODES.has(o.code)) return true;
    // Prisma reports a socket the server closed (Postgres restarting) as P2010 "Raw query failed".
    const kind = o.meta?.driverAdapterError?.cause?.kind;
    if (kind && DB_DOWN_KINDS.has(kind)) return true;
    const m = o.message ?? '';
    if (
      /ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Can't reach database|the database system is (starting|shutting) up|DatabaseNotReachable|Client has encountered a connection error|Server has closed the connection/i.test(
        m,
      )
    )
      return true;
    cur = o.cause;
  }
  return false;
}

/** The JSON body of every error answer (console API and tracking API). */
export function errorBody(err: AppError, requestId?: string) {
  return {
    error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), requestId },
  };
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isDbUnavailable(e))
    return new AppError('db_unavailable', 'The database is unavailable. Try again shortly.', undefined, {
      'Retry-After': '5',
    });
  return new AppError('internal', 'Something went wrong. The error was logged with the request id.');
}
