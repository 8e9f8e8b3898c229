'use client';
import { useWorkspace } from '@/components/shell/workspace-context';
import { ErrorNotice } from '@/components/ui/error-notice';

// A page that failed inside a workspace keeps the console shell (sidebar, switcher) around it.
export default function WorkspaceError({ error, retry }: { error: unknown; retry: () => void }) {
  const { workspaceId } = useWorkspace();
  return (
    <ErrorNotice error={error} retry={retry} home={{ href: `/w/${workspaceId}/overview`, label: 'Go to Overview' }} />
  );
}
