import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/server/errors';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { readDestination, type DestinationView } from '@/lib/server/destinations/view';
import { insertSecretsAad, openSecrets, sealSecrets } from '@/lib/server/destinations/secrets';
import { mergeSettings, settingsObject, settingsOr400 } from '@/lib/server/destinations/checks';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { loadDeployedFunction } from '@/lib/server/functions/deployed';
import { FUNCTION_CATALOG_ID } from '@/lib/destinations/catalog';
import { functionCatalogEntry } from '@/lib/functions/settings';
import type { InsertFunctionInput } from '@/lib/schemas/functions';

// An Insert Function on a catalog destination: the destination's own delivery,
// with the workspace's code run after the consent gate and before the
// destination's encryption and hashing. Attaching, switching and removing it are
// "Function Connected/Disconnected"; editing its settings is "Destination Modified".

const destination = (id: string) => ({ type: 'destination', id });
const fn = (id: string) => ({ type: 'function', id });

export async function setInsertFunction(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: InsertFunctionInput,
): Promise<DestinationView> {
  const view = await auditedChange(
    ctx,
    ['function.connected', 'function.disconnected', 'destination.modified'],
    async (tx, audit) => {
      const d = await tx.destination.findFirst({
        where: { id: destinationId, workspaceId: ctx.workspace.id },
        select: {
          id: true,
          name: true,
          catalogId: true,
          insertFunctionId: true,
          insertSettings: true,
          insertSecretsEnc: true,
        },
      });
      if (!d) throw new AppError('not_found', 'Destination not found.');
      if (d.catalogId === FUNCTION_CATALOG_ID) {
        throw new AppError(
          'validation_failed',
          'A Destination Function sees every event first in its own code: put the change there instead of in an Insert Function.',
          { fields: [{ path: 'functionId', message: 'Insert Functions attach to catalog destinations.' }] },
        );
      }
      const where = { id: destinationId, workspaceId: ctx.workspace.id };
      const detached = (functionId: string) =>
        audit.record({
          eventType: 'function.disconnected',
          target: fn(functionId),
          changes: { destinationId, destinationName: d.name, as: 'insert' },
        });

      const done = () => readDestination(tx, ctx, destinationId);

      if (input.functionId === null) {
        if (!d.insertFunctionId) return done();
        await tx.destination.updateMany({
          where,
          data: { insertFunctionId: null, insertSettings: {}, insertSecretsEnc: null },
        });
        detached(d.insertFunctionId);
        return done();
      }

      const f = await loadDeployedFunction(tx, ctx.workspace.id, input.functionId, 'insert');
      const entry = functionCatalogEntry(f.settings);
      const aad = insertSecretsAad(destinationId);
      if (d.insertFunctionId === f.id) {
        const merged = mergeSettings(
          entry,
          input.settings,
          settingsObject(d.insertSettings),
          openSecrets(aad, d.insertSecretsEnc),
        );
        if (!merged.changed.length) return done();
        await tx.destination.updateMany({
          where,
          data: {
            insertSettings: merged.settings as Prisma.InputJsonObject,
            insertSecretsEnc: sealSecrets(aad, merged.secrets),
          },
        });
        audit.record({
          eventType: 'destination.modified',
          target: destination(destinationId),
          changes: { insertFunctionId: f.id, insertSettingsChanged: merged.changed },
        });
        return done();
      }
      const valid = settingsOr400(entry, input.settings, { kind: 'create' });
      await tx.destination.updateMany({
        where,
        data: {
          insertFunctionId: f.id,
          insertSettings: valid.settings as Prisma.InputJsonObject,
          insertSecretsEnc: sealSecrets(aad, valid.secrets),
        },
      });
      if (d.insertFunctionId) detached(d.insertFunctionId);
      audit.record({
        eventType: 'function.connected',
        target: fn(f.id),
        changes: {
          destinationId,
          destinationName: d.name,
          as: 'insert',
          version: f.number,
          settingsSet: [...Object.keys(valid.settings), ...Object.keys(valid.secrets)],
        },
      });
      return done();
    },
  );
  // This server's workers pick the change up at once; others within the runtime cache's TTL.
  invalidateDestinationRuntime(destinationId);
  return view;
}
