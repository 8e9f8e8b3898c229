// Inputs for destination data encryption, hashing and the payload preview.
// Shared by the API routes, the Setup page block and the Data Encryption tab.
import { z } from 'zod';

export const MAX_PROTECTED_FIELDS = 100;
/** A 16384-bit SPKI PEM is about 2.8 KB; anything much larger is not a public key. */
export const MAX_PUBLIC_KEY_PEM = 8 * 1024;
/** Same as the tracking API's per-event limit: a preview input is one event. */
export const MAX_PREVIEW_EVENT_BYTES = 32 * 1024;
export const MODULUS_CHOICES = [3072, 2048, 4096] as const;
export const DEFAULT_MODULUS = 3072;

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
    pem: z.string({ error: 'Paste or generate a public key.' }).min(1, 'Paste or generate a public key.').max(MAX_PUBLIC_KEY_PEM, 'The public key is too long to be an RSA public key PEM.'),
    origin: z.enum(KEY_ORIGINS, { error: 'origin must be "generated" or "byok".' }),
    /** What the browser computed (SHA-256 of the SPKI DER, hex); the server refuses a mismatch. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'fingerprint must be 64 lower-case hex characters.').optional(),
  })
  .strict();
export type PublicKeyInput = z.infer<typeof publicKeyInput>;

/** Turn on, edit fields, or rotate (publicKey given while on). */
export const encryptionUpdateInput = z
  .object({ fields: fieldList('Encrypted fields'), publicKey: publicKeyInput.optional() })
  .strict();
export type EncryptionUpdateInput = z.infer<typeof encryptionUpdateInput>;

export const hashingUpdateInput = z
  .object({ fields: fieldList('Hashed fields'), mode: z.enum(HASH_MODES, { error: 'mode must be "hmac" or "sha256".' }).default('hmac') })
  .strict();
export type HashingUpdateInput = z.infer<typeof hashingUpdateInput>;

/** The optional protection block of POST /destinations (the Setup page). */
export const createProtectionInput = z
  .object({
    encryption: z.object({ fields: fieldList('Encrypted fields'), publicKey: publicKeyInput }).strict().optional(),
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
  .refine((v) => [v.event !== undefined, v.eventId !== undefined, v.latest !== undefined].filter(Boolean).length === 1, {
    message: 'Provide exactly one of: event (pasted JSON), eventId, or latest: true.',
  });
export type PreviewInput = z.infer<typeof previewInput>;

// ---- Response shapes (allow-lists: nothing else leaves the server) ----------

export interface FieldOptionView { key: string; origin: 'default' | 'custom' | 'synonym' | 'inventory'; source: string }

export interface KeyRecordView {
  id: string;
  fingerprint: string;
  modulusBits: number;
  origin: KeyOrigin;
  createdAt: string;
  retiredAt: string | null;
  createdBy: { id: string; name: string } | null;
}

export interface EncryptionStateView {
  destinationId: string;
  destinationName: string;
  /** Changes need the password re-entered in the last 5 minutes (HIPAA-eligible workspace). */
  reauthRequired: boolean;
  effectiveBaa: 'signs' | 'does_not_sign' | 'you_decide';
  /** Encryption applies to event-stream (cloud-mode) destinations only, as in Segment. */
  encryptionAvailable: boolean;
  encryption: { enabled: boolean; fields: string[]; currentKey: KeyRecordView | null };
  /** Every key this destination has had, newest first. */
  keys: KeyRecordView[];
  hashing: { enabled: boolean; fields: string[]; mode: HashModeInput; secretSet: boolean };
  fieldOptions: FieldOptionView[];
}

/** Shown once, in the response that created it; the server keeps it sealed. */
export interface OneTimeHashSecret { value: string; encoding: 'hex'; algorithm: 'HMAC-SHA256' }

export interface HashingChangeResult { state: EncryptionStateView; hmacSecret: OneTimeHashSecret | null }

export type TreatmentLabel = 'clear' | 'encrypted' | 'hashed' | 'dropped';
export interface PreviewFieldView {
  /** Concrete path (`traits.email`, `properties.items[0].email`); blocked fields use the Privacy Portal key path. */
  path: string;
  label: TreatmentLabel;
  color: 'red' | 'yellow' | 'green' | null;
  originalType: string;
  note: string | null;
}
export type PreviewWarningCode = 'filtered' | 'delivery_problem' | 'becomes_string' | 'over_size_limit' | 'sensitive_in_clear_without_baa' | 'destination_disabled';
export interface PreviewWarningView { code: PreviewWarningCode; message: string; paths: string[] }
export interface SampleEventView { id: string; type: string; eventName: string | null; receivedAt: string }
export interface PreviewView {
  destination: { id: string; name: string; effectiveBaa: 'signs' | 'does_not_sign' | 'you_decide'; enabled: boolean };
  input: { kind: 'pasted' | 'debugger'; sample: SampleEventView | null; event: unknown };
  /** Values of Red/Yellow fields are masked for viewers without PII access (debugger samples only). */
  masked: boolean;
  delivery: { wouldSend: boolean; reason: string | null };
  output: unknown;
  outputBytes: number;
  keyFingerprint: string | null;
  fields: PreviewFieldView[];
  warnings: PreviewWarningView[];
  /** Latest Source Debugger events of the destination's source, for the picker. */
  recentEvents: SampleEventView[];
}
