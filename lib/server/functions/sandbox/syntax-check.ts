import 'server-only';
import { FUNCTION_HANDLERS } from '@/lib/functions/types';
import { resolveLimits } from '@/lib/server/functions/sandbox/limits';
import { isSandboxLoadError, Sandbox } from '@/lib/server/functions/sandbox/sandbox';
import type { SyntaxCheck } from '@/lib/server/functions/sandbox/types';

// The editor's check uses the very compiler and prelude the runtime uses, in a throwaway runtime:
// what passes here loads at deploy time, and top-level errors (a ReferenceError on line 3) are
// reported with their position too, not only syntax errors. Top-level code runs under the normal
// limits, and fetch() is refused while code loads, so checking has no outside effects.
const CHECK_LIMITS = resolveLimits({ timeoutMs: 2_000 });

export async function checkFunctionCode(code: string): Promise<SyntaxCheck> {
  let sandbox: Sandbox;
  try {
    sandbox = await Sandbox.create(code, CHECK_LIMITS);
  } catch (e) {
    if (!isSandboxLoadError(e)) throw e;
    return { ok: false, errors: [e.issue ?? { line: 1, column: 1, message: e.message }] };
  }
  try {
    if (sandbox.handlers.length === 0) {
      return {
        ok: false,
        errors: [
          {
            line: 1,
            column: 1,
            message: `No handler defined: define at least one of ${FUNCTION_HANDLERS.join(', ')}.`,
          },
        ],
      };
    }
    return { ok: true, handlers: [...sandbox.handlers] };
  } finally {
    sandbox.dispose();
  }
}
