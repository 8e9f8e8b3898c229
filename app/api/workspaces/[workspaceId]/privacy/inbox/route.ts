import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listInbox } from '@/lib/server/privacy/inbox';
import { inboxView } from '@/lib/schemas/privacy';

// Masked samples only: no PHI in this response (see the audit policy in lib/server/privacy/inbox.ts).
export const GET = withWorkspace(async (_req, ctx) => json(inboxView.parse(await listInbox(ctx))), {
  permission: 'privacy.read',
  audit: noAudit('field names and classifications; sample values only via POST privacy/samples'),
});
