import { PageUnavailable } from '@/components/shell/page-unavailable';

// Every notFound() inside a workspace the visitor belongs to lands here, inside
// the console shell: a refused page (workspacePage's permission), an unknown or
// foreign id. The response stays a 404. A non-member never gets this far: the
// workspace layout's own notFound() renders the generic app/not-found.tsx.
export default function WorkspaceNotFound() {
  return <PageUnavailable />;
}
