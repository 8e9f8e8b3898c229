import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { listDebuggerEvents } from '@/lib/server/sources/debugger';
import { debuggerListResponse } from '@/lib/schemas/debugger';

// Polled by the Source Debugger every few seconds: a GET, so it never counts as
// user activity for the idle timer.
export const GET = withWorkspace<{ workspaceId: string; sourceId: string }>(
  async (_req, ctx, p) => {
    return json(debuggerListResponse.parse(await listDebuggerEvents(ctx, idOr404(p.sourceId, 'Source'))));
  },
  {
    permission: 'debugger.read',
    audit: noAudit('event names and times only; payloads through the audited event views'),
  },
);
