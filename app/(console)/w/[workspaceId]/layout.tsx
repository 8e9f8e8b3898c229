import { requirePage } from '@/lib/server/sessions/page';
import { listUserWorkspaces } from '@/lib/server/workspaces/list';
import { permissionsFor } from '@/lib/permissions';
import { IDLE_WARNING_SECONDS } from '@/lib/sessions/policy';
import { Sidebar } from '@/components/shell/sidebar';
import { WorkspaceSwitcher } from '@/components/shell/workspace-switcher';
import { UserMenu } from '@/components/shell/user-menu';
import { IdleTimer } from '@/components/session/idle-timer';
import { NavigationProgress } from '@/components/shell/navigation-progress';
import { WorkspaceProvider } from '@/components/shell/workspace-context';
import { countNewInboxFields } from '@/lib/server/privacy/inbox';
import { BaaBanner } from '@/components/shell/baa-banner';
import { getBaaStatus } from '@/lib/server/workspaces/workspaces';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId);
  const [workspaces, baa] = await Promise.all([listUserWorkspaces(ctx.user.id), getBaaStatus(workspaceId)]);
  const permissions = permissionsFor(ctx.role, ctx.grants);
  // Privacy Portal alert: unclassified fields that arrived since this member last opened the Inbox.
  const badges: Record<string, number> = ctx.can('privacy.read') ? { privacy: await countNewInboxFields(ctx) } : {};
  return (
    <WorkspaceProvider value={{ workspaceId, role: ctx.role, permissions, hipaaEligible: ctx.workspace.hipaaEligible }}>
      <NavigationProgress />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="flex min-h-screen">
        <aside className="w-56 shrink-0 border-r border-slate-200 bg-white">
          <div className="flex h-14 items-center gap-2 border-b border-slate-200 px-4">
            <span
              aria-hidden
              className="flex h-7 w-7 items-center justify-center rounded bg-brand-600 text-xs font-bold text-white"
            >
              PC
            </span>
            <span className="font-semibold">Privacy Console</span>
          </div>
          <Sidebar workspaceId={workspaceId} permissions={permissions} badges={badges} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 items-center justify-between border-b border-slate-200 bg-white px-6">
            <div className="flex items-center gap-3">
              <WorkspaceSwitcher current={workspaceId} workspaces={workspaces} />
              {ctx.workspace.hipaaEligible && (
                <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-semibold text-brand-800">
                  HIPAA Eligible
                </span>
              )}
            </div>
            <UserMenu name={ctx.user.name} email={ctx.user.email} role={ctx.role} />
          </header>
          <main id="main" className="flex-1 p-6">
            <BaaBanner workspaceId={workspaceId} revokedOn={baa.revoked?.revokedAt?.slice(0, 10) ?? null} />
            {children}
          </main>
        </div>
      </div>
      <IdleTimer idleSeconds={ctx.session.idleSeconds} warningSeconds={IDLE_WARNING_SECONDS} />
    </WorkspaceProvider>
  );
}
