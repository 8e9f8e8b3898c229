import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { idOr404 } from '@/lib/server/platform/names';
import { getFieldDetail } from '@/lib/server/privacy/inventory';
import { fieldDetailView } from '@/lib/schemas/privacy';

type P = { workspaceId: string; fieldId: string };

// Masked sample only; unmasked values come from POST ../samples (audited).
export const GET = withWorkspace<P>(
  async (_req, ctx, p) => json(fieldDetailView.parse(await getFieldDetail(ctx, idOr404(p.fieldId, 'Field')))),
  { permission: 'privacy.read', audit: noAudit('where a field is seen and which destinations get it; no values') },
);
