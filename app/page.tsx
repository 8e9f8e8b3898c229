import { redirect } from 'next/navigation';
import { userPage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listUserWorkspaces } from '@/lib/server/workspaces/list';

export const dynamic = 'force-dynamic';

export default userPage({ audit: noAudit('redirects to the first workspace') }, async (ctx) => {
  const workspaces = await listUserWorkspaces(ctx.user.id);
  if (workspaces.length === 0) redirect('/workspaces/new');
  redirect(`/w/${workspaces[0].id}/overview`);
});
