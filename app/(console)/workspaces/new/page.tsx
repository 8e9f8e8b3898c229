import type { Metadata } from 'next';
import { userPage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { listUserWorkspaces } from '@/lib/server/workspaces/list';
import { CreateWorkspaceForm } from '@/components/workspaces/create-workspace-form';

export const metadata: Metadata = { title: 'Create workspace' };
export const dynamic = 'force-dynamic';

export default userPage({ audit: noAudit('workspace creation form') }, async (ctx) => {
  const workspaces = await listUserWorkspaces(ctx.user.id);
  return (
    <main id="main" className="flex min-h-screen items-start justify-center bg-slate-50 p-6 pt-24">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Create workspace</h1>
        <p className="mt-1 mb-5 text-sm text-slate-600">
          A workspace holds its own sources, destinations, members and audit log. It becomes HIPAA eligible once an
          owner records a Business-tier BAA.
        </p>
        <CreateWorkspaceForm cancelHref={workspaces[0] ? `/w/${workspaces[0].id}/overview` : null} />
      </div>
    </main>
  );
});
