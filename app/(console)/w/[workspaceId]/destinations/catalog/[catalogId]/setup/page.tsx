import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { workspacePage } from '@/lib/server/sessions/page';
import { noAudit } from '@/lib/server/audit/route-scope';
import { getSource } from '@/lib/server/sources/sources';
import { AppError } from '@/lib/server/errors';
import { isUuid } from '@/lib/server/platform/names';
import { SetupForm } from '@/components/destinations/setup-form';
import { ProtectionSetupBlock } from '@/components/destinations/encryption/protection-setup-block';
import { AddSteps, entryOr404 } from '../add-steps';

export const metadata: Metadata = { title: 'Set up destination' };

export default workspacePage<{ workspaceId: string; catalogId: string }, { sourceId?: string | string[] }>(
  {
    permission: 'destinations.write',
    audit: noAudit('the setup form; settings are saved through the audited API'),
  },
  async (ctx, { params: { workspaceId, catalogId }, searchParams: { sourceId } }) => {
    const entry = entryOr404(catalogId);
    const configure = `/w/${workspaceId}/destinations/catalog/${entry.id}`;
    // Without a (valid, own) source the user goes back to step 1 rather than seeing an error.
    if (typeof sourceId !== 'string' || !isUuid(sourceId)) redirect(configure);
    const source = await getSource(ctx, sourceId).catch((e: unknown) =>
      e instanceof AppError && e.code === 'not_found' ? null : Promise.reject(e),
    );
    if (!source) redirect(configure);
    return (
      <>
        <AddSteps catalogId={entry.id} step={2} />
        <SetupForm workspaceId={workspaceId} entry={entry} source={{ id: source.id, name: source.name }}>
          {ctx.can('encryption.manage') && (
            <ProtectionSetupBlock
              workspaceId={workspaceId}
              destinationName={entry.name}
              encryptionAvailable={entry.cloudModeStreaming}
            />
          )}
        </SetupForm>
      </>
    );
  },
);
