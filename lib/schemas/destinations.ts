// Destination inputs, shared by the API routes and the forms. Catalog-specific
// settings are checked field by field by lib/destinations/settings-schema.ts
// once the catalog entry is known; here they are only "an object".
//
// The create input is its own schema because it also carries the Setup page's
// optional `encryption` and `hashing` blocks, which the server applies inside
// the same create transaction.
import { z } from 'zod';
import { entityName } from './names';
import { createProtectionInput, oneTimeHashSecret } from './encryption';
import { baaStatus, isoTimestamp, namedRef, TREATMENTS, treatment, type Treatment } from './common';
import { functionKind, functionSettingDef } from './functions';

const settingsObject = z.record(z.string().max(64), z.unknown(), { error: 'Settings must be an object.' });

export const createDestinationInput = z.object({
  catalogId: z.string({ error: 'Pick a destination from the catalog.' }).min(1).max(64),
  sourceId: z.guid({ error: 'Select a data source.' }),
  name: entityName('Destination name'),
  settings: settingsObject.default({}),
  /** As in Segment, a new destination starts disabled unless asked otherwise. */
  enabled: z.boolean().default(false),
  /** "Have Segment encrypt / hash sensitive data" chosen on the Setup page (lib/server/destinations/protection/setup.ts). */
  encryption: createProtectionInput.shape.encryption,
  hashing: createProtectionInput.shape.hashing,
  /** Connect a deployed Destination Function (catalogId "function"). */
  functionId: z.guid({ error: 'Pick a deployed Destination Function.' }).optional(),
});
export type CreateDestinationInput = z.infer<typeof createDestinationInput>;

export const updateDestinationInput = z
  .object({
    name: entityName('Destination name').optional(),
    enabled: z.boolean().optional(),
    settings: settingsObject.optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.enabled !== undefined || v.settings !== undefined, 'Nothing to change.');
export type UpdateDestinationInput = z.infer<typeof updateDestinationInput>;

/** true = a BAA covers it, false = it does not, null = use the catalog default. */
export const baaOverrideInput = z.object({
  override: z.boolean({ error: 'override must be true, false or null.' }).nullable(),
});

export const CONSENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const consentCategory = z.object({
  id: z
    .string({ error: 'Category id is required.' })
    .trim()
    .regex(CONSENT_ID, 'Category id must be 1–64 letters, digits or _ . : - (e.g. C0001).'),
  name: z.string().trim().max(100, 'Category name must be at most 100 characters.').default(''),
});

export const consentInput = z.object({
  categories: z
    .array(consentCategory)
    .max(20, 'A destination can be mapped to at most 20 categories.')
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'Each category id can be listed once.'),
});
export type ConsentCategory = z.infer<typeof consentCategory>;

// ---- Responses (allow-lists: nothing else leaves the server) ----------------
// Secret settings never appear: only `secrets` ("set", and the last four
// characters of long ones). The sealed blob, the HMAC secret and key PEMs are
// not part of any destination view.

export { TREATMENTS, treatment };
export type { Treatment };
export const sensitiveColor = z.enum(['red', 'yellow']);
export type SensitiveColor = z.infer<typeof sensitiveColor>;

const protectionCounts = z.object({
  encryptionEnabled: z.boolean(),
  encryptedCount: z.number().int().nonnegative(),
  hashingEnabled: z.boolean(),
  hashedCount: z.number().int().nonnegative(),
});

const destinationBase = z.object({
  id: z.string(),
  name: z.string(),
  catalogId: z.string(),
  source: namedRef,
  enabled: z.boolean(),
  baaOverride: z.boolean().nullable(),
  effectiveBaa: baaStatus,
  protection: protectionCounts,
});

export const destinationListItem = destinationBase.extend({
  /** Red/Yellow fields this destination would receive in clear without a BAA. */
  exposed: z.array(z.object({ keyPath: z.string(), classification: sensitiveColor })),
  /** A Destination Function instance: the function's name, for headers and lists. */
  functionName: z.string().nullable(),
});
export type DestinationListItem = z.infer<typeof destinationListItem>;

export const destinationListResponse = z.object({ destinations: z.array(destinationListItem) });

/** A function as a destination sees it: which one, the deployed version, and what settings it declares. */
export const connectedFunction = z.object({
  id: z.string(),
  name: z.string(),
  kind: functionKind,
  deployedVersion: z.number().int().nullable(),
  settings: z.array(functionSettingDef),
});
export type ConnectedFunction = z.infer<typeof connectedFunction>;

export const destinationView = destinationBase.extend({
  /** Non-secret settings only (lib/destinations/settings-schema.ts knownSettings). */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  secrets: z.record(z.string(), z.object({ set: z.literal(true), last4: z.string().nullable() })),
  consentCategories: z.array(z.object({ id: z.string(), name: z.string() })),
  encryption: z.object({ enabled: z.boolean(), fields: z.array(z.string()) }),
  hashing: z.object({ enabled: z.boolean(), fields: z.array(z.string()), mode: z.string() }),
  /** A Destination Function instance: the function it runs and the settings that version declares. */
  function: connectedFunction.nullable(),
  /** An Insert Function run before this destination's protection, with its own settings. */
  insertFunction: connectedFunction
    .extend({
      settingsValues: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      secrets: z.record(z.string(), z.object({ set: z.literal(true), last4: z.string().nullable() })),
    })
    .nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type DestinationView = z.infer<typeof destinationView>;

/** POST /destinations: the view, plus the HMAC secret once when the Setup page turned hashing on. */
export const createdDestinationResponse = destinationView.extend({ hmacSecret: oneTimeHashSecret.optional() });
export type CreatedDestination = z.infer<typeof createdDestinationResponse>;

export const fieldTreatment = z.object({
  fieldId: z.string(),
  keyPath: z.string(),
  classification: sensitiveColor,
  /** Not classified by an owner yet: the colour is the matchers' (or a value pattern's) suggestion. */
  suggested: z.boolean(),
  treatment,
});
export type FieldTreatment = z.infer<typeof fieldTreatment>;

export const destinationExposure = z.object({
  destinationId: z.string(),
  name: z.string(),
  /** A disabled destination receives nothing: the Overview does not count it. */
  enabled: z.boolean(),
  effectiveBaa: baaStatus,
  /** Every Red/Yellow field seen from the destination's source, sorted Red first then by path. */
  fields: z.array(fieldTreatment),
  /** The fields that reach a destination without a signed BAA in clear. Empty means no warning. */
  exposed: z.array(fieldTreatment),
  counts: z.object({
    clear: z.number().int(),
    encrypted: z.number().int(),
    hashed: z.number().int(),
    dropped: z.number().int(),
  }),
});
export type DestinationExposure = z.infer<typeof destinationExposure>;

/** GET /blast-radius. */
export const blastRadiusResponse = z.object({ destinations: z.array(destinationExposure) });
