import { withWorkspace, json, parseBody } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { testFunction } from '@/lib/server/functions/test-run';
import { TEST_BODY_BYTES } from '@/lib/server/functions/limits';
import { testFunctionInput, testResultView } from '@/lib/schemas/functions';

// Runs the unsaved code for real against a pasted or Source Debugger event: the result,
// its fetches and logs can carry PHI, so the audit row is committed before the run.
export const POST = withWorkspace(
  async (req, ctx) => {
    const input = await parseBody(req, testFunctionInput, TEST_BODY_BYTES);
    return json(testResultView.parse(await testFunction(ctx, input)));
  },
  { permission: 'functions.write', audit: phiRead('function.tested') },
);
