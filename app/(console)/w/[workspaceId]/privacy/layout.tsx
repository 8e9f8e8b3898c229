import { requirePage } from '@/lib/server/sessions/page';
import { countNewInboxFields } from '@/lib/server/privacy/inbox';
import { PageHeader } from '@/components/ui/page-header';
import { PrivacyTabs } from '@/components/privacy/privacy-tabs';
import { NewFieldsBanner } from '@/components/privacy/new-fields-banner';

export default async function PrivacyLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await params;
  const ctx = await requirePage(workspaceId, 'privacy.read');
  const fresh = await countNewInboxFields(ctx);
  return (
    <>
      <PageHeader
        title="Privacy Portal"
        description="Every field seen in your events, how it is classified (Red, Yellow, Green) and how it is protected."
      />
      <PrivacyTabs workspaceId={workspaceId} />
      <NewFieldsBanner workspaceId={workspaceId} count={fresh} />
      {children}
    </>
  );
}
