import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { readDestination, type DestinationView } from '@/lib/server/destinations/view';
import { sealSecrets } from '@/lib/server/destinations/secrets';
import { assertNameFree, entryOr400, settingsOr400 } from '@/lib/server/destinations/checks';
import { applySetupProtection, checkSetupProtection } from '@/lib/server/destinations/protection/setup';
import type { CreateDestinationInput } from '@/lib/schemas/destinations';
import type { OneTimeHashSecret } from '@/lib/schemas/encryption';

export interface CreateDestinationResult {
  view: DestinationView;
  /** The HMAC secret issued when the Setup page turned HMAC hashing on; shown once, then only sealed. */
  hmacSecret: OneTimeHashSecret | null;
}

/**
 * One transaction: the destination, its sealed secrets, the encryption and
 * hashing chosen on the Setup page, and their audit rows are created together
 * or not at all.
 */
export async function createDestination(
  ctx: WorkspaceCtx,
  input: CreateDestinationInput,
): Promise<CreateDestinationResult> {
  // Protection checks first: a member's BYOK key is a 403 whatever else is wrong with the request.
  const protection = checkSetupProtection(ctx, input.catalogId, {
    encryption: input.encryption,
    hashing: input.hashing,
  });
  const entry = entryOr400(input.catalogId);
  const valid = settingsOr400(entry, input.settings, { kind: 'create' });
  return auditedChange(
    ctx,
    ['destination.created', 'destination.encryption_enabled', 'destination.hashing_enabled'],
    async (tx, audit) => {
      const source = await tx.source.findFirst({
        where: { id: input.sourceId, workspaceId: ctx.workspace.id },
        select: { id: true },
      });
      if (!source)
        throw new AppError('not_found', 'Source not found.', {
          fields: [{ path: 'sourceId', message: 'Select a data source of this workspace.' }],
        });
      await assertNameFree(tx, ctx.workspace.id, input.name);
      // The id is chosen here because it is the associated data of the sealed secrets.
      const id = randomUUID();
      await uniqueOr409('That destination name', () =>
        tx.destination.create({
          data: {
            id,
            workspaceId: ctx.workspace.id,
            sourceId: source.id,
            catalogId: entry.id,
            name: input.name,
            enabled: input.enabled,
            settings: valid.settings as Prisma.InputJsonObject,
            secretsEnc: sealSecrets(id, valid.secrets),
          },
          select: { id: true },
        }),
      );
      const hmacSecret = protection ? await applySetupProtection(tx, audit, ctx, id, protection) : null;
      // Queued after the protection rows, so the log reads: encryption on, hashing on, destination created.
      audit.record({
        eventType: 'destination.created',
        target: { type: 'destination', id },
        changes: {
          name: input.name,
          catalogId: entry.id,
          sourceId: source.id,
          enabled: input.enabled,
          settingsSet: [...Object.keys(valid.settings), ...Object.keys(valid.secrets)],
        },
      });
      return { view: await readDestination(tx, ctx, id), hmacSecret };
    },
  );
}
