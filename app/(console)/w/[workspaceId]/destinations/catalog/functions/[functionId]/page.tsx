import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getFunction } from '@/lib/server/functions/view';
import { functionView } from '@/lib/schemas/functions';
import { SavedFunctionEditor } from '@/components/functions/saved-editor';

export const metadata: Metadata = { title: 'Function editor' };

// Owners edit; compliance reads code and versions; members never see code (404), nor does an unknown id.
export default workspacePage<{ workspaceId: string; functionId: string }>(
  {
    permission: 'functions.read',
    audit: noAudit('code and settings declarations; setting values live on destinations'),
  },
  async (ctx, { params: { workspaceId, functionId } }) => {
    const initial = functionView.parse(await getFunction(ctx, idOr404(functionId, 'Function')));
    return <SavedFunctionEditor workspaceId={workspaceId} initial={initial} />;
  },
);
