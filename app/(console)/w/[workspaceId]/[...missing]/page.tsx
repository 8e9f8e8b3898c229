import { notFound } from 'next/navigation';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';

// A path inside a workspace that is no page (a mistyped or outdated link): the
// not-found page inside the console shell, for members. The workspace layout has
// already answered a non-member with the generic 404.
export default workspacePage({ permission: 'workspace.read', audit: noAudit('renders the not-found page') }, () =>
  notFound(),
);
