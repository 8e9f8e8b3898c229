// Privacy Portal inputs (zod, shared by the API routes and the forms) and the
// response views the console renders. Views never carry a sample value except
// RevealedSample, which only the audited samples endpoint returns.
import { z } from 'zod';
import { MAX_PATTERN_LENGTH } from '@/lib/privacy/safe-regex';
import { isoTimestamp, namedRef, treatment, type NamedRef, type Treatment } from './common';

export const COLORS = ['red', 'yellow', 'green'] as const;
export type ColorId = (typeof COLORS)[number];
export const COLOR_LABELS: Record<ColorId, string> = { red: 'Red', yellow: 'Yellow', green: 'Green' };
export const COLOR_MEANINGS: Record<ColorId, string> = {
  red: 'Restricted: can be blocked at source; masked for users without PII access.',
  yellow:
    'Sensitive: masked for users without PII access; the only colour that can be encrypted or hashed per destination.',
  green: 'Approved: no controls.',
};

/** Segment: the Inbox lists fields seen in the last 7 days that nobody classified yet. */
export const INBOX_WINDOW_DAYS = 7;
export const MAX_CUSTOM_MATCHERS = 100;
export const MAX_SYNONYMS = 500;
export const MATCHER_NAME_MAX = 64;
export const SYNONYM_MAX = 100;
export const MAX_REVEAL = 200;

const uuid = (what: string) => z.uuid({ error: `${what} must be a valid id.` });
const color = z.enum(COLORS, { error: 'Colour must be red, yellow or green.' });

export const classifyFieldInput = z.object({ color }).strict();

export const inventoryFilterInput = z.object({
  color: color.optional(),
  sourceId: uuid('sourceId').optional(),
});
export type InventoryFilter = z.infer<typeof inventoryFilterInput>;

export const revealSamplesInput = z
  .object({
    fieldIds: z
      .array(uuid('Field id'), { error: 'fieldIds must be a list of field ids.' })
      .min(1, 'Choose at least one field.')
      .max(MAX_REVEAL, `At most ${MAX_REVEAL} fields at a time.`),
  })
  .strict();

const matcherName = z
  .string({ error: 'Symbol name is required.' })
  .trim()
  .min(1, 'Symbol name is required.')
  .max(MATCHER_NAME_MAX, `Symbol name must be at most ${MATCHER_NAME_MAX} characters.`)
  .refine(
    (s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s),
    'Symbol name contains characters that are not allowed.',
  );
const pattern = z
  .string({ error: 'Pattern must be text.' })
  .max(MAX_PATTERN_LENGTH, `Pattern must be at most ${MAX_PATTERN_LENGTH} characters.`);

export const MATCHER_TYPES = ['exact', 'regex', 'preset'] as const;
export type MatcherType = (typeof MATCHER_TYPES)[number];

/** Custom matchers: Segment allows only Red or Yellow, matched on key or value. */
export const createMatcherInput = z
  .object({
    name: matcherName,
    color: z.enum(['red', 'yellow'], { error: 'Custom matchers are Red or Yellow.' }),
    matchOn: z.enum(['key', 'value'], { error: 'Match on must be key or value.' }),
    type: z.enum(MATCHER_TYPES, { error: 'Type must be exact, regex or preset.' }),
    pattern: pattern.optional(),
    preset: z.string().max(40).optional(),
  })
  .strict();
export type CreateMatcherInput = z.infer<typeof createMatcherInput>;

/** Built-ins accept only `color` and `enabled`; the server says so when anything else is sent. */
export const updateMatcherInput = z
  .object({
    name: matcherName.optional(),
    color: color.optional(),
    enabled: z.boolean({ error: 'enabled must be true or false.' }).optional(),
    matchOn: z.enum(['key', 'value']).optional(),
    type: z.enum(MATCHER_TYPES).optional(),
    pattern: pattern.optional(),
    preset: z.string().max(40).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');
export type UpdateMatcherInput = z.infer<typeof updateMatcherInput>;

export const createSynonymInput = z
  .object({
    matcherId: uuid('matcherId'),
    key: z
      .string({ error: 'Synonym is required.' })
      .trim()
      .min(1, 'Synonym is required.')
      .max(SYNONYM_MAX, `Synonym must be at most ${SYNONYM_MAX} characters.`),
  })
  .strict();

export const quarantineInput = z.object({ enabled: z.boolean({ error: 'enabled must be true or false.' }) }).strict();

// ---- views -------------------------------------------------------------------
// Allow-lists: nothing else leaves the server. No view carries a sample value
// except revealedSample (the audited POST /privacy/samples); the others carry
// at most the masked shape ("•••• (4 chars)").

export { namedRef };
export type { NamedRef, Treatment };

const colorOut = z.enum(COLORS);
const matchOn = z.enum(['key', 'value']);
const count = z.number().int().nonnegative();

export const inboxFieldView = z.object({
  id: z.string(),
  keyPath: z.string(),
  normalizedKey: z.string(),
  suggestedColor: colorOut.nullable(),
  matcherName: z.string().nullable(),
  matcherMatchOn: matchOn.nullable(),
  events: z.array(z.string()),
  sources: z.array(namedRef),
  count,
  firstSeenAt: isoTimestamp,
  lastSeenAt: isoTimestamp,
  /** Masked shape only ("•••• (4 chars)"); null when no sample was kept. */
  maskedSample: z.string().nullable(),
  /** First seen after the viewer last opened the inbox. */
  isNew: z.boolean(),
});
export type InboxFieldView = z.infer<typeof inboxFieldView>;

export const inboxView = z.object({
  fields: z.array(inboxFieldView),
  total: count,
  windowDays: z.number().int(),
  previousSeenAt: isoTimestamp.nullable(),
  newCount: count,
  quarantine: z.boolean(),
});
export type InboxView = z.infer<typeof inboxView>;

/** POST /privacy/inbox/seen. */
export const inboxSeenResponse = z.object({ seenAt: isoTimestamp });

export const inventoryFieldView = z.object({
  id: z.string(),
  keyPath: z.string(),
  normalizedKey: z.string(),
  classification: colorOut,
  suggestedColor: colorOut.nullable(),
  matcherName: z.string().nullable(),
  sources: z.array(namedRef),
  events: z.array(z.string()),
  count,
  firstSeenAt: isoTimestamp,
  lastSeenAt: isoTimestamp,
  classifiedAt: isoTimestamp.nullable(),
  classifiedBy: z.string().nullable(),
});
export type InventoryFieldView = z.infer<typeof inventoryFieldView>;

/** GET /privacy/inventory. */
export const inventoryListResponse = z.object({ fields: z.array(inventoryFieldView) });

export const fieldDetailView = z.object({
  field: inventoryFieldView.extend({ classification: colorOut.nullable(), maskedSample: z.string().nullable() }),
  /** The colour events are treated with now: the classification, else the matcher's suggestion, raised to Yellow by quarantine. */
  effectiveColor: colorOut.nullable(),
  quarantined: z.boolean(),
  perSource: z.array(
    z.object({ id: z.string(), name: z.string(), count, lastSeenAt: isoTimestamp, blockRed: z.boolean() }),
  ),
  events: z.array(z.object({ eventName: z.string(), count, lastSeenAt: isoTimestamp, sources: z.array(namedRef) })),
  destinations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      catalogId: z.string(),
      enabled: z.boolean(),
      source: namedRef,
      treatment,
    }),
  ),
});
export type FieldDetailView = z.infer<typeof fieldDetailView>;

/** PUT /privacy/fields/:id/classification. */
export const classifiedFieldResponse = z.object({ id: z.string(), keyPath: z.string(), classification: colorOut });

/** The one view with an unmasked value: only the audited samples endpoint returns it. */
export const revealedSample = z.object({ fieldId: z.string(), keyPath: z.string(), sample: z.string().nullable() });
export type RevealedSample = z.infer<typeof revealedSample>;

/** POST /privacy/samples. */
export const revealSamplesResponse = z.object({ samples: z.array(revealedSample) });

export const matcherView = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  matchOn,
  type: z.enum(MATCHER_TYPES),
  pattern: z.string(),
  preset: z.string().nullable(),
  color: colorOut,
  /** Built-ins: Segment's default colour. */
  defaultColor: colorOut.nullable(),
  enabled: z.boolean(),
  /** Built-ins: the exact normalised spellings matched out of the box. */
  spellings: z.array(z.string()),
  synonyms: z.array(z.object({ id: z.string(), key: z.string(), normalizedKey: z.string() })),
});
export type MatcherView = z.infer<typeof matcherView>;

export const matchersView = z.object({
  builtIn: z.array(matcherView),
  custom: z.array(matcherView),
  limit: z.number().int(),
  presets: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
});
export type MatchersView = z.infer<typeof matchersView>;

/** POST /privacy/synonyms. */
export const synonymView = z.object({
  id: z.string(),
  matcherId: z.string(),
  key: z.string(),
  normalizedKey: z.string(),
});
export type SynonymView = z.infer<typeof synonymView>;

export const privacyControlsView = z.object({
  quarantineNewFields: z.boolean(),
  sources: z.array(
    z.object({ id: z.string(), name: z.string(), type: z.string(), enabled: z.boolean(), blockRed: z.boolean() }),
  ),
});
export type PrivacyControlsView = z.infer<typeof privacyControlsView>;

/** PUT /privacy/quarantine. */
export const quarantineResponse = z.object({ quarantineNewFields: z.boolean() });
