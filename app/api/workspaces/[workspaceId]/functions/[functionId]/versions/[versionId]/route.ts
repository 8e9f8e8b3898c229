import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getFunctionVersion } from '@/lib/server/functions/view';
import { functionVersionView } from '@/lib/schemas/functions';

export const GET = withWorkspace<{ workspaceId: string; functionId: string; versionId: string }>(
  async (_req, ctx, p) => {
    const id = idOr404(p.functionId, 'Function');
    const versionId = idOr404(p.versionId, 'Version');
    return json(functionVersionView.parse(await getFunctionVersion(ctx, id, versionId)));
  },
  { permission: 'functions.read', audit: noAudit('a saved version’s code and settings declaration; no PHI') },
);
