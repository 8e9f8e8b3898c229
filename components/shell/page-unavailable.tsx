'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { pagePermission, whoCan } from '@/lib/page-access';
import { buttonClass } from '@/components/ui/dialog';
import { StatusPage } from '@/components/ui/status-page';
import { useWorkspace } from './workspace-context';

/**
 * What a member of this workspace sees when a page answers 404 inside it: the
 * role that may open it when their own role may not, else "not found" (an
 * unknown or deleted id). Only members get here: a non-member's request stops
 * at the workspace layout, whose 404 is the generic root page.
 */
export function PageUnavailable() {
  const pathname = usePathname();
  const { workspaceId, role, can } = useWorkspace();
  const needed = pagePermission(pathname);
  const home = (
    <Link href={`/w/${workspaceId}/overview`} className={buttonClass.primary}>
      Go to Overview
    </Link>
  );
  if (needed && !can(needed))
    return (
      <StatusPage eyebrow="No access" title="Your role cannot open this page" actions={home}>
        <p className="font-medium text-slate-900">{whoCan(needed)}</p>
        <p>Your role in this workspace is {role}. Ask one of its owners if you need access.</p>
      </StatusPage>
    );
  return (
    <StatusPage eyebrow="404" title="Page not found" actions={home}>
      <p>Nothing here was found in this workspace. The link may be mistyped, or what it pointed to was deleted.</p>
    </StatusPage>
  );
}
