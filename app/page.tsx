import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/server/sessions/page';
import { listUserWorkspaces } from '@/lib/server/workspaces/list';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const ctx = await requireUser();
  const workspaces = await listUserWorkspaces(ctx.user.id);
  if (workspaces.length === 0) redirect('/workspaces/new');
  redirect(`/w/${workspaces[0].id}/overview`);
}
