import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getDb, type Tx } from '@/lib/server/db';
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
import {
  reauthRequired,
  recordEndpointChange,
  requireReauthForDestinationChange,
} from '@/lib/server/destinations/endpoint-change';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { CONSENT_NAMES_KEY, consentNames } from '@/lib/destinations/consent';
import { credentialKeys, describeEndpoint, isEndpointChange } from '@/lib/destinations/endpoint';
import type { ConsentCategory, UpdateDestinationInput } from '@/lib/schemas/destinations';

// Changes to an existing destination: the Settings tab (name, catalog settings,
// enabled), the owner's BAA override, and the Consent tab. Each runs in one
// audited change; a save that changes nothing writes nothing and logs nothing.
// Changing where PHI goes (endpoint, credentials, BAA status) needs a recent
// re-auth in a HIPAA-eligible workspace, and an endpoint change holds what was
// queued for the old endpoint (endpoint-change.ts).

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const target = (destinationId: string) => ({ type: 'destination', id: destinationId });

type OwnedDestination = Awaited<ReturnType<typeof loadOwnedDestination>>;

/** What a settings edit does to the stored row: the merge, and whether it moves or re-keys the destination. */
function planSettings(before: OwnedDestination, raw: unknown) {
  const entry = settingsEntry(before) ?? entryOr400(before.catalogId);
  const oldSettings = settingsObject(before.settings);
  const merged = mergeSettings(entry, raw, oldSettings, openSecrets(before.id, before.secretsEnc));
  const endpointMoved = isEndpointChange(entry, oldSettings, merged.settings, merged.changed);
  const secrets = credentialKeys(entry);
  const credentialsChanged = merged.changed.filter((k) => secrets.includes(k));
  return { entry, oldSettings, merged, endpointMoved, sensitive: endpointMoved || credentialsChanged.length > 0 };
}

/**
 * The re-auth check runs before the transaction (it reads the session on its own
 * connection); the transaction plans again on the locked row and refuses if the
 * change turned sensitive in between, so a race can only refuse, never skip it.
 */
async function reauthBeforeSettings(ctx: WorkspaceCtx, destinationId: string, raw: unknown): Promise<boolean> {
  if (!ctx.workspace.hipaaEligible) return false;
  const before = await loadOwnedDestination(await getDb(), ctx, destinationId);
  if (!planSettings(before, raw).sensitive) return false;
  await requireReauthForDestinationChange(ctx);
  return true;
}

async function lockDestination(tx: Tx, ctx: WorkspaceCtx, destinationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Destination" WHERE id = ${destinationId}::uuid AND "workspaceId" = ${ctx.workspace.id}::uuid FOR UPDATE`;
}

export async function updateDestination(
  ctx: WorkspaceCtx,
  destinationId: string,
  input: UpdateDestinationInput,
): Promise<DestinationView> {
  const reauthed = input.settings !== undefined && (await reauthBeforeSettings(ctx, destinationId, input.settings));
  let moved = false;
  const view = await auditedChange(
    ctx,
    ['destination.modified', 'destination.enabled', 'destination.disabled'],
    async (tx, audit) => {
      await lockDestination(tx, ctx, destinationId);
      const before = await loadOwnedDestination(tx, ctx, destinationId);
      const data: Prisma.DestinationUpdateManyMutationInput = {};
      const changed: string[] = [];
      const rename = input.name !== undefined && input.name !== before.name;
      if (rename) {
        await assertNameFree(tx, ctx.workspace.id, input.name!, destinationId);
        data.name = input.name;
      }
      let endpoint: { before: string; after: string } | null = null;
      if (input.settings !== undefined) {
        const plan = planSettings(before, input.settings);
        const { entry, oldSettings, merged } = plan;
        if (plan.sensitive && ctx.workspace.hipaaEligible && !reauthed) throw reauthRequired();
        changed.push(...merged.changed);
        if (plan.endpointMoved)
          endpoint = {
            before: describeEndpoint(entry, oldSettings, merged.changed),
            after: describeEndpoint(entry, merged.settings),
          };
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
      const held = endpoint ? (await recordEndpointChange(tx, ctx, destinationId, endpoint.before)).held : 0;
      moved = endpoint !== null;
      // Secrets appear by field name only, never by value; endpoints by their display strings.
      if (rename || changed.length) {
        audit.record({
          eventType: 'destination.modified',
          target: target(destinationId),
          changes: {
            ...(rename ? { before: { name: before.name }, after: { name: input.name } } : {}),
            ...(changed.length ? { settingsChanged: changed } : {}),
            ...(endpoint
              ? { endpointChanged: { from: endpoint.before, to: endpoint.after }, heldDeliveries: held }
              : {}),
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
  // Workers pick up the new endpoint (and its change time) now, not after the cache TTL.
  if (moved) invalidateDestinationRuntime(destinationId);
  return view;
}

export async function setDestinationBaaOverride(
  ctx: WorkspaceCtx,
  destinationId: string,
  override: boolean | null,
): Promise<DestinationView> {
  // The BAA status decides whether PHI warnings fire: in a HIPAA-eligible workspace a change needs a recent re-auth.
  let reauthed = false;
  if (ctx.workspace.hipaaEligible) {
    const pre = await loadOwnedDestination(await getDb(), ctx, destinationId);
    if (pre.baaOverride !== override) {
      await requireReauthForDestinationChange(ctx);
      reauthed = true;
    }
  }
  return auditedChange(ctx, 'destination.baa_override_modified', async (tx, audit) => {
    await lockDestination(tx, ctx, destinationId);
    const before = await loadOwnedDestination(tx, ctx, destinationId);
    if (before.baaOverride !== override && ctx.workspace.hipaaEligible && !reauthed) throw reauthRequired();
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
