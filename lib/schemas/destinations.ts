// Destination inputs, shared by the API routes and the forms. Catalog-specific
// settings are checked field by field by lib/destinations/settings-schema.ts
// once the catalog entry is known; here they are only "an object".
//
// The create input is deliberately its own schema: the encryption issue extends
// it with an optional `encryption` block (fields + public key) that the server
// applies inside the same create transaction.
import { z } from 'zod';
import { entityName } from './names';
import { createProtectionInput } from './encryption';

const settingsObject = z.record(z.string().max(64), z.unknown(), { error: 'Settings must be an object.' });

export const createDestinationInput = z.object({
  catalogId: z.string({ error: 'Pick a destination from the catalog.' }).min(1).max(64),
  sourceId: z.guid({ error: 'Select a data source.' }),
  name: entityName('Destination name'),
  settings: settingsObject.default({}),
  /** As in Segment, a new destination starts disabled unless asked otherwise. */
  enabled: z.boolean().default(false),
  /** "Have Segment encrypt / hash sensitive data" chosen on the Setup page (lib/server/destinations/protection/on-create.ts). */
  encryption: createProtectionInput.shape.encryption,
  hashing: createProtectionInput.shape.hashing,
});
export type CreateDestinationInput = z.infer<typeof createDestinationInput>;

export const updateDestinationInput = z
  .object({ name: entityName('Destination name').optional(), enabled: z.boolean().optional(), settings: settingsObject.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.enabled !== undefined || v.settings !== undefined, 'Nothing to change.');
export type UpdateDestinationInput = z.infer<typeof updateDestinationInput>;

/** true = a BAA covers it, false = it does not, null = use the catalog default. */
export const baaOverrideInput = z.object({ override: z.boolean({ error: 'override must be true, false or null.' }).nullable() });

export const CONSENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const consentCategory = z.object({
  id: z.string({ error: 'Category id is required.' }).trim().regex(CONSENT_ID, 'Category id must be 1–64 letters, digits or _ . : - (e.g. C0001).'),
  name: z.string().trim().max(100, 'Category name must be at most 100 characters.').default(''),
});

export const consentInput = z.object({
  categories: z
    .array(consentCategory)
    .max(20, 'A destination can be mapped to at most 20 categories.')
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'Each category id can be listed once.'),
});
export type ConsentCategory = z.infer<typeof consentCategory>;
