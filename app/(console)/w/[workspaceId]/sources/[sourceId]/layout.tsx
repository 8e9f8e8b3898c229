import Link from 'next/link';
import { SOURCE_TYPE_LABELS } from '@/lib/schemas/sources';
import { PageHeader } from '@/components/ui/page-header';
import { TabNav } from '@/components/ui/tab-nav';
import { buttonClass } from '@/components/ui/styles';
import { loadSourcePage, type SourceParams } from './load';

export default async function SourceLayout({ children, params }: { children: React.ReactNode; params: SourceParams }) {
  const { ctx, workspaceId, source } = await loadSourcePage(params);
  const base = `/w/${workspaceId}/sources/${source.id}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/w/${workspaceId}/sources`} className="text-brand-700 hover:underline">
          Sources
        </Link>{' '}
        /
      </p>
      <PageHeader
        title={source.name}
        description={`${SOURCE_TYPE_LABELS[source.type]} source · ${source.enabled ? 'Enabled' : 'Disabled'}`}
        actions={
          ctx.can('destinations.write') ? (
            // The catalog (Destinations | Functions) with this source preselected.
            <Link
              prefetch={false}
              href={`/w/${workspaceId}/destinations/catalog?sourceId=${source.id}`}
              className={buttonClass.primary}
            >
              Add destination
            </Link>
          ) : undefined
        }
      />
      <TabNav
        label="Source"
        tabs={[
          { href: base, label: 'Overview' },
          ...(ctx.can('debugger.read') ? [{ href: `${base}/debugger`, label: 'Debugger' }] : []),
          { href: `${base}/settings`, label: 'Settings' },
        ]}
      />
      {children}
    </>
  );
}
