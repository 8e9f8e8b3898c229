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
import { loadDeployedFunction } from '@/lib/server/functions/deployed';
import { FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { functionCatalogEntry } from '@/lib/functions/settings';
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
  const protection = await checkSetupProtection(ctx, input.catalogId, {
    encryption: input.encryption,
    hashing: input.hashing,
  });
  const isFunction = input.catalogId === FUNCTION_CATALOG_ID;
  if (isFunction !== (input.functionId !== undefined)) {
    throw new AppError(
      'validation_failed',
      isFunction ? 'Pick the Destination Function to connect.' : 'Only a Destination Function takes a functionId.',
      {
        fields: [
          {
            path: 'functionId',
            message: isFunction ? 'Pick a deployed Destination Function.' : 'Not allowed for this destination type.',
          },
        ],
      },
    );
  }
  if (isFunction && input.hashing) {
    throw new AppError(
      'validation_failed',
      'A Destination Function has no built-in hashing: its code decides what leaves.',
      {
        fields: [{ path: 'hashing', message: 'Hash or remove fields in the function code.' }],
      },
    );
  }
  // A catalog destination's settings are checked before any query; a function's once its deployed version is read.
  const catalog = isFunction ? null : entryOr400(input.catalogId);
  const precheck = catalog ? settingsOr400(catalog, input.settings, { kind: 'create' }) : null;
  return auditedChange(
    ctx,
    ['destination.created', 'destination.encryption_enabled', 'destination.hashing_enabled', 'function.connected'],
    async (tx, audit) => {
      const fn = input.functionId
        ? await loadDeployedFunction(tx, ctx.workspace.id, input.functionId, 'destination')
        : null;
      const entry = fn ? functionCatalogEntry(fn.settings) : catalog!;
      const valid = precheck ?? settingsOr400(entry, input.settings, { kind: 'create' });
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
            functionId: fn?.id ?? null,
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
          ...(fn ? { functionId: fn.id, functionVersion: fn.number } : {}),
        },
      });
      if (fn) {
        audit.record({
          eventType: 'function.connected',
          target: { type: 'function', id: fn.id },
          changes: {
            destinationId: id,
            destinationName: input.name,
            as: 'destination',
            version: fn.number,
            sourceId: source.id,
          },
        });
      }
      return { view: await readDestination(tx, ctx, id), hmacSecret };
    },
  );
}
