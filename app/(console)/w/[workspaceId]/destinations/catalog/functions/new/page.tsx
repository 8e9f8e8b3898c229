import type { Metadata } from 'next';
import Link from 'next/link';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { PageHeader } from '@/components/ui/page-header';
import { NewFunctionChooser } from '@/components/functions/new-function-chooser';
import { DraftFunctionEditor } from '@/components/functions/draft-editor';

export const metadata: Metadata = { title: 'New Function' };

type Search = { kind?: string | string[]; template?: string | string[] };

// Without ?kind: choose Destination or Insert and a template. With it (after Build): the editor on the unsaved code.
export default workspacePage<{ workspaceId: string }, Search>(
  { permission: 'functions.write', audit: noAudit('templates and an unsaved draft; nothing is stored') },
  (_ctx, { params: { workspaceId }, searchParams }) => {
    const kind = searchParams.kind === 'destination' || searchParams.kind === 'insert' ? searchParams.kind : null;
    const template = typeof searchParams.template === 'string' ? searchParams.template : 'blank';
    if (kind)
      return (
        <DraftFunctionEditor key={`${kind}:${template}`} workspaceId={workspaceId} kind={kind} templateId={template} />
      );
    return (
      <>
        <p className="mb-2 text-sm">
          <Link href={`/w/${workspaceId}/destinations/catalog/functions`} className="text-brand-700 hover:underline">
            Functions
          </Link>{' '}
          /
        </p>
        <PageHeader
          title="New Function"
          description="Choose what the function does, and where to start from. Build opens the editor; nothing is saved until you create it."
        />
        <NewFunctionChooser workspaceId={workspaceId} />
      </>
    );
  },
);
