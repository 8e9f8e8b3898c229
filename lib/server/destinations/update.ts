import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { WorkspaceCtx } from '@/lib/server/context/types';
import { auditedChange } from '@/lib/server/audit/change';
import { uniqueOr409 } from '@/lib/server/platform/names';
import { readDestination, settingsEntry, type DestinationView } from '@/lib/server/destinations/view';
import { openSecrets, sealSecrets } from '@/lib/server/destinations/secrets';
import {
  assertNameFree,
  entryOr400,
  loadOwnedDestination,
  mergeSettings,
  settingsObject,
} from '@/lib/server/destinations/checks';
import { CONSENT_NAMES_KEY, consentNames } from '@/lib/destinations/consent';
import type { ConsentCategory, UpdateDestinationInput } from '@/lib/schemas/destinations';

// Changes to an existing destination: the Settings tab (name, catalog settings,
// enabled), the owner's BAA override, and the Consent tab. Each runs in one
// audited change; a save that changes nothing writes nothing and logs nothing.

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const target = (destinationId: string) => ({ type: 'destination', id: destinationId });

export async function updateDestination(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: UpdateDestinationInput,
): Promise<DestinationView> {
  return auditedChange(
    ctx,
    ['destination.modified', 'destination.enabled', 'destination.disabled'],
    async (tx, audit) => {
      const before = await loadOwnedDestination(tx, ctx, destinationId);
      const data: Prisma.DestinationUpdateManyMutationInput = {};
      const changed: string[] = [];
      const rename = input.name !== undefined && input.name !== before.name;
      if (rename) {
        await assertNameFree(tx, ctx.workspace.id, input.name!, destinationId);
        data.name = input.name;
      }
      if (input.settings !== undefined) {
        const entry = settingsEntry(before) ?? entryOr400(before.catalogId);
        const oldSettings = settingsObject(before.settings);
        const merged = mergeSettings(entry, input.settings, oldSettings, openSecrets(destinationId, before.secretsEnc));
        changed.push(...merged.changed);
        // Keep the consent display names that live beside the catalog settings.
        const names = oldSettings[CONSENT_NAMES_KEY];
        data.settings = {
          ...merged.settings,
          ...(names ? { [CONSENT_NAMES_KEY]: names } : {}),
        } as Prisma.InputJsonObject;
        data.secretsEnc = sealSecrets(destinationId, merged.secrets);
      }
      const enabled = input.enabled ?? before.enabled;
      const toggle = enabled !== before.enabled;
      if (toggle) data.enabled = enabled;
      if (rename || changed.length || toggle) {
        await uniqueOr409('That destination name', () =>
          tx.destination.updateMany({ where: { id: destinationId, workspaceId: ctx.workspace.id }, data }),
        );
      }
      // Secrets appear by field name only, never by value.
      if (rename || changed.length) {
        audit.record({
          eventType: 'destination.modified',
          target: target(destinationId),
          changes: {
            ...(rename ? { before: { name: before.name }, after: { name: input.name } } : {}),
            ...(changed.length ? { settingsChanged: changed } : {}),
          },
        });
      }
      audit.diff({
        eventType: enabled ? 'destination.enabled' : 'destination.disabled',
        target: target(destinationId),
        before: { enabled: before.enabled },
        after: { enabled },
        fields: ['enabled'],
      });
      return readDestination(tx, ctx, destinationId);
    },
  );
}

export async function setDestinationBaaOverride(
  ctx: WorkspaceCtx,
  destinationId: string,
  override: boolean | null,
): Promise<DestinationView> {
  return auditedChange(ctx, 'destination.baa_override_modified', async (tx, audit) => {
    const before = await loadOwnedDestination(tx, ctx, destinationId);
    if (
      audit.diff({
        target: target(destinationId),
        before: { baaOverride: before.baaOverride },
        after: { baaOverride: override },
        fields: ['baaOverride'],
      })
    ) {
      await tx.destination.updateMany({
        where: { id: destinationId, workspaceId: ctx.workspace.id },
        data: { baaOverride: override },
      });
    }
    return readDestination(tx, ctx, destinationId);
  });
}

export async function setDestinationConsent(
  ctx: WorkspaceCtx,
  destinationId: string,
  categories: ConsentCategory[],
): Promise<DestinationView> {
  return auditedChange(ctx, 'destination.consent_modified', async (tx, audit) => {
    const before = await loadOwnedDestination(tx, ctx, destinationId);
    const ids = categories.map((c) => c.id);
    const names = Object.fromEntries(categories.filter((c) => c.name).map((c) => [c.id, c.name]));
    const oldSettings = settingsObject(before.settings);
    // A renamed category is a change too, logged with its (unchanged) id list.
    if (!same(before.consentCategories, ids) || !same(consentNames(oldSettings), names)) {
      const { [CONSENT_NAMES_KEY]: _old, ...rest } = oldSettings;
      const settings = Object.keys(names).length ? { ...rest, [CONSENT_NAMES_KEY]: names } : rest;
      await tx.destination.updateMany({
        where: { id: destinationId, workspaceId: ctx.workspace.id },
        data: { consentCategories: ids, settings: settings as Prisma.InputJsonObject },
      });
      audit.record({
        target: target(destinationId),
        changes: { before: { categories: before.consentCategories }, after: { categories: ids } },
      });
    }
    return readDestination(tx, ctx, destinationId);
  });
}
