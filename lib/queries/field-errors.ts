import { ApiError } from '@/lib/api-client';

/** Per-field messages from a 400/409 answer (`details.fields`), keyed by path ("name", "settings.apiSecret"). */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const fields = (err.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
  const out: Record<string, string> = {};
  for (const f of fields) out[f.path] ??= f.message;
  return out;
}

export const messageOf = (err: unknown): string | null => (err ? (err as Error).message : null);
