// Destination Functions and Insert Functions: the API's inputs and outputs,
// shared by the route handlers (output parsing) and the client hooks (types).
import { z } from 'zod';
import { entityName } from './names';

/** Largest function source accepted (Segment's editor has a similar bound). */
export const MAX_FUNCTION_CODE_BYTES = 128 * 1024;
/** Largest logo: a small PNG, JPEG or WebP image as a data: URL. */
export const MAX_LOGO_BYTES = 64 * 1024;
export const MAX_FUNCTION_SETTINGS = 50;

export const functionKind = z.enum(['destination', 'insert'], { error: 'Choose Destination or Insert.' });
export const functionSettingType = z.enum(['string', 'boolean', 'number', 'secret'], {
  error: 'A setting type is string, boolean, number or secret.',
});

/** A setting the code reads as settings.<name>; each connected instance gives it a value. */
export const functionSettingDef = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/, 'A setting name must be a JavaScript identifier (letters, digits, _).'),
    label: z.string().trim().min(1, 'Give the setting a label.').max(100),
    type: functionSettingType,
    required: z.boolean().default(false),
    description: z.string().max(500).optional(),
  })
  .strict();
export type FunctionSettingDefInput = z.infer<typeof functionSettingDef>;

export const functionSettingsSchema = z
  .array(functionSettingDef)
  .max(MAX_FUNCTION_SETTINGS, `At most ${MAX_FUNCTION_SETTINGS} settings.`)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'Each setting needs its own name.');

export const functionCode = z
  .string({ error: 'The function code is required.' })
  .refine(
    (s) => new TextEncoder().encode(s).length <= MAX_FUNCTION_CODE_BYTES,
    `The code must be at most ${MAX_FUNCTION_CODE_BYTES / 1024} KB.`,
  );

const logo = z
  .string()
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, 'The logo must be a PNG, JPEG or WebP image.')
  .refine(
    (s) => s.length <= Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 32,
    `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB.`,
  )
  .nullable();

export const createFunctionInput = z
  .object({
    kind: functionKind,
    name: entityName('Function name'),
    description: z.string().trim().max(500).default(''),
    logo: logo.optional(),
    code: functionCode,
    settings: functionSettingsSchema.default([]),
  })
  .strict();
export type CreateFunctionInput = z.infer<typeof createFunctionInput>;

export const updateFunctionInput = z
  .object({
    name: entityName('Function name').optional(),
    description: z.string().trim().max(500).optional(),
    logo: logo.optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.description !== undefined || v.logo !== undefined, 'Nothing to change.');
export type UpdateFunctionInput = z.infer<typeof updateFunctionInput>;

export const saveVersionInput = z.object({ code: functionCode, settings: functionSettingsSchema }).strict();
export type SaveVersionInput = z.infer<typeof saveVersionInput>;

export const deployInput = z.object({ versionId: z.guid({ error: 'Choose a version to deploy.' }) }).strict();

export const checkCodeInput = z.object({ code: functionCode }).strict();

export const syntaxError = z.object({ line: z.number().int(), column: z.number().int(), message: z.string() });
export const syntaxCheck = z.union([
  z.object({ ok: z.literal(true), handlers: z.array(z.string()) }),
  z.object({ ok: z.literal(false), errors: z.array(syntaxError) }),
]);
export type SyntaxCheckView = z.infer<typeof syntaxCheck>;

/** A settings value for a test run or a connected instance; secrets are strings. */
export const settingValue = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);
export const settingValues = z.record(z.string().max(64), settingValue);

/** Test panel: the current (unsaved) code against a pasted event or a Source Debugger event. */
export const testFunctionInput = z
  .object({
    kind: functionKind,
    code: functionCode,
    settings: functionSettingsSchema.default([]),
    values: settingValues.default({}),
    event: z.record(z.string(), z.unknown()).optional(),
    sample: z.object({ sourceId: z.guid(), eventId: z.guid().optional() }).strict().optional(),
  })
  .strict()
  .refine(
    (v) => (v.event === undefined) !== (v.sample === undefined),
    'Paste an event or pick one from the Source Debugger.',
  );
export type TestFunctionInput = z.infer<typeof testFunctionInput>;

export const fetchRecord = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().int().nullable(),
  error: z.string().optional(),
  requestBody: z.string().optional(),
  responseBody: z.string().optional(),
  durationMs: z.number(),
});
export const logLine = z.object({ level: z.enum(['log', 'info', 'warn', 'error']), message: z.string() });

export const runOutcome = z.enum(['ok', 'retry', 'dropped', 'not_supported', 'failed']);

export const testResultView = z.object({
  outcome: runOutcome,
  /** What the delivery pipeline would record for this outcome. */
  delivery: z.enum(['delivered', 'retrying', 'filtered', 'failed']),
  errorType: z.string().nullable(),
  message: z.string().nullable(),
  /** The handler's return value (Insert: the event passed on), as JSON; null when none. */
  returned: z.unknown(),
  fetches: z.array(fetchRecord),
  logs: z.array(logLine),
  logsTruncated: z.boolean(),
  durationMs: z.number(),
  input: z.object({ kind: z.enum(['pasted', 'debugger']), eventId: z.string().nullable(), masked: z.boolean() }),
});
export type TestResultView = z.infer<typeof testResultView>;

export const functionVersionSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  createdAt: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  deployable: z.boolean(),
  deployed: z.boolean(),
});
export type FunctionVersionSummary = z.infer<typeof functionVersionSummary>;

export const functionVersionView = functionVersionSummary.extend({
  code: z.string(),
  settings: z.array(functionSettingDef),
  handlers: z.array(z.string()),
  errors: z.array(syntaxError),
});
export type FunctionVersionView = z.infer<typeof functionVersionView>;

export const functionListItem = z.object({
  id: z.string(),
  kind: functionKind,
  name: z.string(),
  description: z.string(),
  logo: z.string().nullable(),
  deployedVersion: z.number().int().nullable(),
  deployedAt: z.string().nullable(),
  /** Destinations running it (Destination Function) or using it (Insert Function). */
  connections: z.number().int(),
  updatedAt: z.string(),
  /** The deployed version's settings: what Connect asks for. */
  settings: z.array(functionSettingDef),
});
export type FunctionListItem = z.infer<typeof functionListItem>;
export const functionList = z.object({ functions: z.array(functionListItem) });

export const functionView = functionListItem.extend({
  versions: z.array(functionVersionSummary),
  latest: functionVersionView,
  createdAt: z.string(),
  destinations: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean(), sourceName: z.string() })),
});
export type FunctionView = z.infer<typeof functionView>;

/** Attach (functionId) or detach (null) a deployed Insert Function on a catalog destination. */
export const insertFunctionInput = z
  .object({
    functionId: z.guid().nullable(),
    // null clears an optional setting (a stored secret included); a blank secret keeps the stored one.
    settings: z.record(z.string().max(64), settingValue.nullable()).default({}),
  })
  .strict();
export type InsertFunctionInput = z.infer<typeof insertFunctionInput>;
