import { withWorkspace, json } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { markInboxSeen } from '@/lib/server/privacy/inbox';
import { inboxSeenResponse } from '@/lib/schemas/privacy';

// The viewer opened the Inbox: resets their "new fields" badge and banner.
export const POST = withWorkspace(async (_req, ctx) => json(inboxSeenResponse.parse(await markInboxSeen(ctx))), {
  permission: 'privacy.read',
  audit: noAudit('moves this user\'s own "seen" marker; changes no workspace data'),
});
