import 'server-only';
import { PRELUDE_CORE } from '@/lib/server/functions/sandbox/prelude-core';
import { PRELUDE_CRYPTO } from '@/lib/server/functions/sandbox/prelude-crypto';
import { PRELUDE_FETCH } from '@/lib/server/functions/sandbox/prelude-fetch';
import { PRELUDE_WEB } from '@/lib/server/functions/sandbox/prelude-web';

export { HANDLER_PROBE } from '@/lib/server/functions/sandbox/prelude-core';

/**
 * The whole prelude as one function expression. The host evaluates it once per runtime and calls
 * it with the host-function object and the list of hash names; it answers the dispatch functions
 * the host keeps handles to. The parts share one scope, in this order (later parts use earlier ones).
 */
export const PRELUDE_SOURCE = `(function (H, hashes) {${PRELUDE_CORE}${PRELUDE_CRYPTO}${PRELUDE_WEB}${PRELUDE_FETCH}
return { call: call, ok: ok, fail: fail, bind: bind, manyBegin: manyBegin, manyRun: manyRun };
})`;
