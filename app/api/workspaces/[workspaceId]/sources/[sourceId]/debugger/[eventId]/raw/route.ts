import { withWorkspace, json } from '@/lib/server/http';
import { phiRead } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getDebuggerRaw } from '@/lib/server/sources/debugger';
import { debuggerEventView } from '@/lib/schemas/debugger';

// Raw view: "Source Debugger Raw Viewed" is committed before the JSON is returned.
export const GET = withWorkspace<{ workspaceId: string; sourceId: string; eventId: string }>(
  async (_req, ctx, p) => {
    return json(
      debuggerEventView.parse(await getDebuggerRaw(ctx, idOr404(p.sourceId, 'Source'), idOr404(p.eventId, 'Event'))),
    );
  },
  { permission: 'debugger.read', audit: phiRead('source_debugger.raw_viewed') },
);
