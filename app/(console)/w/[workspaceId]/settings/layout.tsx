import { SettingsNav } from '@/components/settings/settings-nav';

export default async function SettingsLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ workspaceId: string }>;
}) {
  const { workspaceId } = await params;
  return (
    <div className="flex flex-col gap-6 lg:flex-row">
      <SettingsNav workspaceId={workspaceId} />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
