// Source inputs, shared by the API routes and the forms.
import { z } from 'zod';
import { entityName } from './names';
import { isoTimestamp, namedRef } from './common';

export const SOURCE_TYPES = ['http_api', 'nodejs', 'website'] as const;
export type SourceTypeId = (typeof SOURCE_TYPES)[number];
export const SOURCE_TYPE_LABELS: Record<SourceTypeId, string> = {
  http_api: 'HTTP API',
  nodejs: 'Node.js',
  website: 'Website',
};

export const createSourceInput = z.object({
  name: entityName('Source name'),
  type: z.enum(SOURCE_TYPES, { error: 'Type must be HTTP API, Node.js or Website.' }),
});

export const updateSourceInput = z
  .object({ name: entityName('Source name').optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.enabled !== undefined, 'Nothing to change.');

export const sourceBlockingInput = z.object({ blockRed: z.boolean({ error: 'blockRed must be true or false.' }) });

/** How long the previous write key keeps working after a rotation. */
export const GRACE_PERIODS = { none: 0, '1h': 3600, '24h': 86_400, '7d': 604_800 } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
export const GRACE_PERIOD_LABELS: Record<GracePeriod, string> = {
  none: 'No grace period (the old key stops working now)',
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days',
};

export const rotateWriteKeyInput = z.object({
  gracePeriod: z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]], {
    error: 'Grace period must be none, 1h, 24h or 7d.',
  }),
});

// ---- Responses (allow-lists: nothing else leaves the server) ----------------

/** Only the prefix of a write key is ever shown again; the key itself is stored hashed. */
export const writeKeyView = z.object({
  prefix: z.string(),
  createdAt: isoTimestamp,
  expiresAt: isoTimestamp.nullable(),
});
export type WriteKeyView = z.infer<typeof writeKeyView>;

export const sourceView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(SOURCE_TYPES),
  enabled: z.boolean(),
  blockRed: z.boolean(),
  createdAt: isoTimestamp,
  /** The newest key that is not expiring; null only if every key is in its grace period. */
  writeKey: writeKeyView.nullable(),
  /** Older keys still accepted until their grace period ends. */
  previousKeys: z.array(writeKeyView),
  destinations: z.array(namedRef),
});
export type SourceView = z.infer<typeof sourceView>;

export const sourceListResponse = z.object({ sources: z.array(sourceView) });

/** POST /sources: the full write key, once, by design (only its hash is kept). */
export const createdSourceResponse = z.object({ source: sourceView, writeKey: z.string() });
export type WithWriteKey = z.infer<typeof createdSourceResponse>;

/** POST /sources/:id/write-key: the new key, once, and when the earlier keys stop working. */
export const rotatedWriteKeyResponse = createdSourceResponse.extend({ previousKeyExpiresAt: isoTimestamp });
export type RotatedWriteKey = z.infer<typeof rotatedWriteKeyResponse>;

export const deletedSourceResponse = z.object({ deletedDestinations: z.number().int().nonnegative() });
