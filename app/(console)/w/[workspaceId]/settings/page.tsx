import type { Metadata } from 'next';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { getBaaStatus } from '@/lib/server/workspaces/workspaces';
import { PageHeader } from '@/components/ui/page-header';
import { BaaPanel } from '@/components/workspaces/baa-panel';
import { RenameWorkspaceForm } from '@/components/workspaces/rename-workspace-form';
import { baaStatusView } from '@/lib/schemas/workspaces';

export const metadata: Metadata = { title: 'Settings' };

export default workspacePage(
  { permission: 'settings.read', audit: noAudit('workspace name, BAA status and security switches') },
  async (ctx, { params: { workspaceId } }) => {
    const baa = baaStatusView.parse(await getBaaStatus(workspaceId));
    return (
      <>
        <PageHeader title="Settings" />
        <section aria-labelledby="general-settings" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="general-settings" className="text-lg font-semibold">
            General Settings
          </h2>
          <div className="mt-4">
            {ctx.can('workspace.update') ? (
              <RenameWorkspaceForm workspaceId={workspaceId} name={ctx.workspace.name} />
            ) : null}
          </div>
          <dl className="mt-4 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
            {!ctx.can('workspace.update') && (
              <>
                <dt className="text-slate-600">Workspace name</dt>
                <dd>{ctx.workspace.name}</dd>
              </>
            )}
            <dt className="text-slate-600">Workspace slug</dt>
            <dd className="font-mono">{ctx.workspace.slug}</dd>
            <dt className="text-slate-600">Workspace ID</dt>
            <dd className="font-mono">{ctx.workspace.id}</dd>
          </dl>
          <BaaPanel workspaceId={workspaceId} initial={baa} />
        </section>
      </>
    );
  },
);
