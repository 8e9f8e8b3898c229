import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { getPrivacyControls } from '@/lib/server/privacy/controls';
import { privacyControlsView } from '@/lib/schemas/privacy';

// Per-source blocking is changed through PUT /sources/:sourceId/blocking.
export const GET = withWorkspace(async (_req, ctx) => json(privacyControlsView.parse(await getPrivacyControls(ctx))), {
  permission: 'privacy.read',
  audit: noAudit('workspace privacy switches only'),
});
