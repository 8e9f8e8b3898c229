import { withWorkspace, json } from '@/lib/server/http';
import { markInboxSeen } from '@/lib/server/privacy/inbox';

// The viewer opened the Inbox: resets their "new fields" badge and banner.
export const POST = withWorkspace(async (_req, ctx) => json(await markInboxSeen(ctx)), { permission: 'privacy.read' });
