// Privacy Portal inputs (zod, shared by the API routes and the forms) and the
// response views the console renders. Views never carry a sample value except
// RevealedSample, which only the audited samples endpoint returns.
import { z } from 'zod';
import { MAX_PATTERN_LENGTH } from '@/lib/privacy/safe-regex';

export const COLORS = ['red', 'yellow', 'green'] as const;
export type ColorId = (typeof COLORS)[number];
export const COLOR_LABELS: Record<ColorId, string> = { red: 'Red', yellow: 'Yellow', green: 'Green' };
export const COLOR_MEANINGS: Record<ColorId, string> = {
  red: 'Restricted: can be blocked at source; masked for users without PII access.',
  yellow: 'Sensitive: masked for users without PII access; the only colour that can be encrypted or hashed per destination.',
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

export const revealSamplesInput = z.object({
  fieldIds: z.array(uuid('Field id'), { error: 'fieldIds must be a list of field ids.' })
    .min(1, 'Choose at least one field.')
    .max(MAX_REVEAL, `At most ${MAX_REVEAL} fields at a time.`),
}).strict();

const matcherName = z.string({ error: 'Symbol name is required.' }).trim()
  .min(1, 'Symbol name is required.')
  .max(MATCHER_NAME_MAX, `Symbol name must be at most ${MATCHER_NAME_MAX} characters.`)
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s), 'Symbol name contains characters that are not allowed.');
const pattern = z.string({ error: 'Pattern must be text.' })
  .max(MAX_PATTERN_LENGTH, `Pattern must be at most ${MAX_PATTERN_LENGTH} characters.`);

export const MATCHER_TYPES = ['exact', 'regex', 'preset'] as const;
export type MatcherType = (typeof MATCHER_TYPES)[number];

/** Custom matchers: Segment allows only Red or Yellow, matched on key or value. */
export const createMatcherInput = z.object({
  name: matcherName,
  color: z.enum(['red', 'yellow'], { error: 'Custom matchers are Red or Yellow.' }),
  matchOn: z.enum(['key', 'value'], { error: 'Match on must be key or value.' }),
  type: z.enum(MATCHER_TYPES, { error: 'Type must be exact, regex or preset.' }),
  pattern: pattern.optional(),
  preset: z.string().max(40).optional(),
}).strict();
export type CreateMatcherInput = z.infer<typeof createMatcherInput>;

/** Built-ins accept only `color` and `enabled`; the server says so when anything else is sent. */
export const updateMatcherInput = z.object({
  name: matcherName.optional(),
  color: color.optional(),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).optional(),
  matchOn: z.enum(['key', 'value']).optional(),
  type: z.enum(MATCHER_TYPES).optional(),
  pattern: pattern.optional(),
  preset: z.string().max(40).optional(),
}).strict().refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');
export type UpdateMatcherInput = z.infer<typeof updateMatcherInput>;

export const createSynonymInput = z.object({
  matcherId: uuid('matcherId'),
  key: z.string({ error: 'Synonym is required.' }).trim().min(1, 'Synonym is required.').max(SYNONYM_MAX, `Synonym must be at most ${SYNONYM_MAX} characters.`),
}).strict();

export const quarantineInput = z.object({ enabled: z.boolean({ error: 'enabled must be true or false.' }) }).strict();

// ---- views -------------------------------------------------------------------

export interface NamedRef { id: string; name: string }

export interface InboxFieldView {
  id: string;
  keyPath: string;
  normalizedKey: string;
  suggestedColor: ColorId | null;
  matcherName: string | null;
  matcherMatchOn: 'key' | 'value' | null;
  events: string[];
  sources: NamedRef[];
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Masked shape only ("•••• (4 chars)"); null when no sample was kept. */
  maskedSample: string | null;
  /** First seen after the viewer last opened the inbox. */
  isNew: boolean;
}

export interface InboxView {
  fields: InboxFieldView[];
  total: number;
  windowDays: number;
  previousSeenAt: string | null;
  newCount: number;
  quarantine: boolean;
}

export interface InventoryFieldView {
  id: string;
  keyPath: string;
  normalizedKey: string;
  classification: ColorId;
  suggestedColor: ColorId | null;
  matcherName: string | null;
  sources: NamedRef[];
  events: string[];
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  classifiedAt: string | null;
  classifiedBy: string | null;
}

export type Treatment = 'clear' | 'encrypted' | 'hashed' | 'dropped';

export interface FieldDetailView {
  field: Omit<InventoryFieldView, 'classification'> & { classification: ColorId | null; maskedSample: string | null };
  /** The colour events are treated with now: the classification, else the matcher's suggestion, raised to Yellow by quarantine. */
  effectiveColor: ColorId | null;
  quarantined: boolean;
  perSource: { id: string; name: string; count: number; lastSeenAt: string; blockRed: boolean }[];
  events: { eventName: string; count: number; lastSeenAt: string; sources: NamedRef[] }[];
  destinations: { id: string; name: string; catalogId: string; enabled: boolean; source: NamedRef; treatment: Treatment }[];
}

export interface RevealedSample { fieldId: string; keyPath: string; sample: string | null }

export interface MatcherView {
  id: string;
  name: string;
  builtIn: boolean;
  matchOn: 'key' | 'value';
  type: MatcherType;
  pattern: string;
  preset: string | null;
  color: ColorId;
  /** Built-ins: Segment's default colour. */
  defaultColor: ColorId | null;
  enabled: boolean;
  /** Built-ins: the exact normalised spellings matched out of the box. */
  spellings: string[];
  synonyms: { id: string; key: string; normalizedKey: string }[];
}

export interface MatchersView {
  builtIn: MatcherView[];
  custom: MatcherView[];
  limit: number;
  presets: { id: string; name: string; description: string }[];
}

export interface PrivacyControlsView {
  quarantineNewFields: boolean;
  sources: { id: string; name: string; type: string; enabled: boolean; blockRed: boolean }[];
}
