import 'server-only';
import { checkFunctionCode, type SyntaxIssue } from '@/lib/server/functions/sandbox';
import type { SyntaxCheckView } from '@/lib/schemas/functions';

/** The editor's lint: the runtime's own compiler and prelude, in a throwaway runtime. */
export function checkCode(code: string): Promise<SyntaxCheckView> {
  return checkFunctionCode(code);
}

export interface SavedCheck {
  handlers: string[];
  errors: SyntaxIssue[];
}

/**
 * What a save stores on the version. It runs before the save's transaction opens:
 * compiling can take up to the checker's time limit, and no row lock should be
 * held for that long.
 */
export async function checkForSave(code: string): Promise<SavedCheck> {
  const r = await checkFunctionCode(code);
  return r.ok ? { handlers: r.handlers, errors: [] } : { handlers: [], errors: r.errors };
}
