// Inputs for destination data encryption, hashing and the payload preview.
// Shared by the API routes, the Setup page block and the Data Encryption tab.
import { z } from 'zod';
import { baaStatus, isoTimestamp, treatment, type Treatment } from './common';

export const MAX_PROTECTED_FIELDS = 100;
/** A 16384-bit SPKI PEM is about 2.8 KB; anything much larger is not a public key. */
export const MAX_PUBLIC_KEY_PEM = 8 * 1024;
/** Same as the tracking API's per-event limit: a preview input is one event. */
export const MAX_PREVIEW_EVENT_BYTES = 32 * 1024;

export const KEY_ORIGINS = ['generated', 'byok'] as const;
export type KeyOrigin = (typeof KEY_ORIGINS)[number];
export const HASH_MODES = ['hmac', 'sha256'] as const;
export type HashModeInput = (typeof HASH_MODES)[number];

const fieldName = z
  .string({ error: 'Each field must be text.' })
  .trim()
  .min(1, 'Field names cannot be empty.')
  .max(128, 'Field names must be at most 128 characters.');

const fieldList = (what: string) =>
  z
    .array(fieldName, { error: `${what} must be a list of field names.` })
    .min(1, `Select at least one field to ${what === 'Encrypted fields' ? 'encrypt' : 'hash'}.`)
    .max(MAX_PROTECTED_FIELDS, `Select at most ${MAX_PROTECTED_FIELDS} fields.`);

export const publicKeyInput = z
  .object({
    pem: z
      .string({ error: 'Paste or generate a public key.' })
      .min(1, 'Paste or generate a public key.')
      .max(MAX_PUBLIC_KEY_PEM, 'The public key is too long to be an RSA public key PEM.'),
    origin: z.enum(KEY_ORIGINS, { error: 'origin must be "generated" or "byok".' }),
    /** What the browser computed (SHA-256 of the SPKI DER, hex); the server refuses a mismatch. */
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'fingerprint must be 64 lower-case hex characters.')
      .optional(),
  })
  .strict();
export type PublicKeyInput = z.infer<typeof publicKeyInput>;

/** Turn on, edit fields, or rotate (publicKey given while on). */
export const encryptionUpdateInput = z
  .object({ fields: fieldList('Encrypted fields'), publicKey: publicKeyInput.optional() })
  .strict();
export type EncryptionUpdateInput = z.infer<typeof encryptionUpdateInput>;

export const hashingUpdateInput = z
  .object({
    fields: fieldList('Hashed fields'),
    mode: z.enum(HASH_MODES, { error: 'mode must be "hmac" or "sha256".' }).default('hmac'),
  })
  .strict();
export type HashingUpdateInput = z.infer<typeof hashingUpdateInput>;

/** The optional protection block of POST /destinations (the Setup page). */
export const createProtectionInput = z
  .object({
    encryption: z
      .object({ fields: fieldList('Encrypted fields'), publicKey: publicKeyInput })
      .strict()
      .optional(),
    hashing: hashingUpdateInput.optional(),
  })
  .strict();
export type CreateProtectionInput = z.infer<typeof createProtectionInput>;

export const previewInput = z
  .object({
    /** Pasted JSON, already parsed by the browser. */
    event: z.unknown().optional(),
    /** A Source Debugger event of the destination's source; `latest: true` picks the newest. */
    eventId: z.guid({ error: 'eventId must be an event id.' }).optional(),
    latest: z.literal(true).optional(),
  })
  .strict()
  .refine(
    (v) => [v.event !== undefined, v.eventId !== undefined, v.latest !== undefined].filter(Boolean).length === 1,
    {
      message: 'Provide exactly one of: event (pasted JSON), eventId, or latest: true.',
    },
  );
export type PreviewInput = z.infer<typeof previewInput>;

// ---- Response shapes (allow-lists: nothing else leaves the server) ----------
// The public key PEM and the sealed HMAC secret are not in the state: a key is
// shown by fingerprint, the secret only as "set". The one HMAC secret value that
// does leave the server is OneTimeHashSecret, in the response that created it.

export const fieldOptionView = z.object({
  key: z.string(),
  origin: z.enum(['default', 'custom', 'synonym', 'inventory']),
  source: z.string(),
  /** What choosing it covers: the keys the classifier treats as this field, and key paths seen with them. */
  includes: z.object({
    keys: z.array(z.string()),
    observed: z.array(z.string()),
    /** Observed key paths not listed. */
    observedMore: z.number().int(),
  }),
});
export type FieldOptionView = z.infer<typeof fieldOptionView>;

/** GET /protection-fields. */
export const protectionFieldsResponse = z.object({ fields: z.array(fieldOptionView) });

export const keyRecordView = z.object({
  id: z.string(),
  fingerprint: z.string(),
  modulusBits: z.number().int(),
  origin: z.enum(KEY_ORIGINS),
  createdAt: isoTimestamp,
  retiredAt: isoTimestamp.nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type KeyRecordView = z.infer<typeof keyRecordView>;

export const encryptionStateView = z.object({
  destinationId: z.string(),
  destinationName: z.string(),
  /** Changes need the password re-entered in the last 5 minutes (HIPAA-eligible workspace). */
  reauthRequired: z.boolean(),
  effectiveBaa: baaStatus,
  /** Encryption applies to event-stream (cloud-mode) destinations only, as in Segment. */
  encryptionAvailable: z.boolean(),
  encryption: z.object({ enabled: z.boolean(), fields: z.array(z.string()), currentKey: keyRecordView.nullable() }),
  /** Every key this destination has had, newest first. */
  keys: z.array(keyRecordView),
  hashing: z.object({
    enabled: z.boolean(),
    fields: z.array(z.string()),
    mode: z.enum(HASH_MODES),
    secretSet: z.boolean(),
  }),
  fieldOptions: z.array(fieldOptionView),
});
export type EncryptionStateView = z.infer<typeof encryptionStateView>;

/** Shown once, in the response that created it; the server keeps it sealed. */
export const oneTimeHashSecret = z.object({
  value: z.string(),
  encoding: z.literal('hex'),
  algorithm: z.literal('HMAC-SHA256'),
});
export type OneTimeHashSecret = z.infer<typeof oneTimeHashSecret>;

/** PUT/DELETE /hashing and POST /hashing/secret. */
export const hashingChangeResult = z.object({ state: encryptionStateView, hmacSecret: oneTimeHashSecret.nullable() });
export type HashingChangeResult = z.infer<typeof hashingChangeResult>;

export type TreatmentLabel = Treatment;

export const previewFieldView = z.object({
  /** Concrete path (`traits.email`, `properties.items[0].email`); blocked fields use the Privacy Portal key path. */
  path: z.string(),
  label: treatment,
  color: z.enum(['red', 'yellow', 'green']).nullable(),
  originalType: z.string(),
  note: z.string().nullable(),
});
export type PreviewFieldView = z.infer<typeof previewFieldView>;

export const PREVIEW_WARNING_CODES = [
  'filtered',
  'delivery_problem',
  'becomes_string',
  'over_size_limit',
  'sensitive_in_clear_without_baa',
  'destination_disabled',
] as const;
export type PreviewWarningCode = (typeof PREVIEW_WARNING_CODES)[number];
export const previewWarningView = z.object({
  code: z.enum(PREVIEW_WARNING_CODES),
  message: z.string(),
  paths: z.array(z.string()),
});
export type PreviewWarningView = z.infer<typeof previewWarningView>;

export const sampleEventView = z.object({
  id: z.string(),
  type: z.string(),
  eventName: z.string().nullable(),
  receivedAt: isoTimestamp,
});
export type SampleEventView = z.infer<typeof sampleEventView>;

/** A function run by Preview in capture mode: the requests it would make (none were made). */
export const functionPreviewRun = z.object({
  role: z.enum(['insert', 'destination']),
  name: z.string(),
  version: z.number().int(),
  outcome: z.enum(['ok', 'retry', 'dropped', 'not_supported', 'failed']),
  errorType: z.string().nullable(),
  message: z.string().nullable(),
  returned: z.unknown(),
  requests: z.array(z.object({ method: z.string(), url: z.string(), body: z.string().nullable() })),
  logs: z.array(z.object({ level: z.string(), message: z.string() })),
  logsTruncated: z.boolean(),
  durationMs: z.number(),
});
export type FunctionPreviewRun = z.infer<typeof functionPreviewRun>;

export const previewView = z.object({
  destination: z.object({ id: z.string(), name: z.string(), effectiveBaa: baaStatus, enabled: z.boolean() }),
  /** The event shown as input (after blocking at source; masked like the output). */
  input: z.object({ kind: z.enum(['pasted', 'debugger']), sample: sampleEventView.nullable(), event: z.unknown() }),
  /** Values of Red/Yellow fields are masked for viewers without PII access (debugger samples only). */
  masked: z.boolean(),
  delivery: z.object({ wouldSend: z.boolean(), reason: z.string().nullable() }),
  output: z.unknown(),
  outputBytes: z.number().int().nonnegative(),
  keyFingerprint: z.string().nullable(),
  fields: z.array(previewFieldView),
  warnings: z.array(previewWarningView),
  /** Latest Source Debugger events of the destination's source, for the picker. */
  recentEvents: z.array(sampleEventView),
  /** The Insert Function and/or Destination Function runs behind this preview, in order. */
  functions: z.array(functionPreviewRun),
});
export type PreviewView = z.infer<typeof previewView>;
