import { withWorkspace, json } from '@/lib/server/http';
import { listInbox } from '@/lib/server/privacy/inbox';

// Masked samples only: no PHI in this response (see the audit policy in lib/server/privacy/inbox.ts).
export const GET = withWorkspace(async (_req, ctx) => json(await listInbox(ctx)), { permission: 'privacy.read' });
