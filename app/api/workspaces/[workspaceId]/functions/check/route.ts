import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { checkCode } from '@/lib/server/functions/check';
import { FUNCTION_BODY_BYTES } from '@/lib/server/functions/limits';
import { checkCodeInput, syntaxCheck } from '@/lib/schemas/functions';

// The editor's inline lint: compiles the code (fetch refused while it loads), stores nothing.
export const POST = withWorkspace(
  async (req) => {
    const { code } = await parseBody(req, checkCodeInput, FUNCTION_BODY_BYTES);
    return json(syntaxCheck.parse(await checkCode(code)));
  },
  {
    permission: 'functions.write',
    audit: noAudit('compiles code sent by the editor; no event, no PHI, nothing stored'),
  },
);
