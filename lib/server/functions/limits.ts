import 'server-only';
import { MAX_FUNCTION_CODE_BYTES, MAX_LOGO_BYTES } from '@/lib/schemas/functions';

// Request bodies carry code as JSON text, where every newline and quote is escaped:
// the default 256 KB body limit would refuse code that the schema allows.

/** Create, save and check: the code (escaped), a logo and up to 50 setting declarations. */
export const FUNCTION_BODY_BYTES = 3 * MAX_FUNCTION_CODE_BYTES + 2 * MAX_LOGO_BYTES + 64 * 1024;

/** A test run also carries the pasted event. */
export const TEST_BODY_BYTES = FUNCTION_BODY_BYTES + 1024 * 1024;
