// Event Delivery tab responses (allow-lists). The overview carries no event
// content; a delivery's details carry its payload (an audited read, masked for
// viewers without PII access).
import { z } from 'zod';
import { isoTimestamp } from './common';

export const CHART_OUTCOMES = ['delivered', 'retrying', 'failed', 'dead', 'filtered'] as const;
export type ChartOutcome = (typeof CHART_OUTCOMES)[number];

const count = z.number().int().nonnegative();

export const hourBucket = z.object({
  hour: isoTimestamp,
  counts: z.object({ delivered: count, retrying: count, failed: count, dead: count, filtered: count }),
});
export type HourBucket = z.infer<typeof hourBucket>;

export const attemptView = z.object({
  id: z.string(),
  deliveryId: z.string(),
  startedAt: isoTimestamp,
  durationMs: z.number(),
  statusCode: z.number().int().nullable(),
  outcome: z.string(),
  error: z.string().nullable(),
  eventType: z.string().nullable(),
  eventName: z.string().nullable(),
});
export type AttemptView = z.infer<typeof attemptView>;

export const deliveryOverview = z.object({
  supported: z.boolean(),
  hours: z.array(hourBucket),
  /** held: queued before the endpoint changed, waiting for an owner's confirmed replay. */
  queue: z.object({ pending: count, delivering: count, retrying: count, failed: count, dead: count, held: count }),
  attempts: z.array(attemptView),
});
export type DeliveryOverview = z.infer<typeof deliveryOverview>;

/** A function's console output and fetches for one attempt (Destination or Insert Function). */
export const functionLogView = z.object({
  function: z.string(),
  version: z.number().int(),
  outcome: z.string(),
  errorType: z.string().nullable(),
  logs: z.array(z.object({ level: z.string(), message: z.string() })),
  logsTruncated: z.boolean(),
  fetches: z.array(
    z.object({
      method: z.string(),
      url: z.string(),
      status: z.number().int().nullable(),
      error: z.string().optional(),
      durationMs: z.number(),
    }),
  ),
  durationMs: z.number(),
});
export type FunctionLogView = z.infer<typeof functionLogView>;

export const deliveryDetails = z.object({
  id: z.string(),
  status: z.string(),
  attempts: z.number().int().nonnegative(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTimestamp,
  deliveredAt: isoTimestamp.nullable(),
  /** The latest Replay, if any (attempts count again from it). */
  replayedAt: isoTimestamp.nullable(),
  event: z
    .object({
      id: z.string(),
      messageId: z.string(),
      type: z.string(),
      eventName: z.string().nullable(),
      receivedAt: isoTimestamp,
      blockedPaths: z.array(z.string()),
    })
    .nullable(),
  /** What was sent (after consent and protection), masked for viewers without PII access; null when not kept. */
  payload: z.unknown(),
  /** False for a delivered event whose payload was not kept (DELIVERY_STORE_PAYLOAD=failures, the default). */
  payloadRetained: z.boolean(),
  masked: z.boolean(),
  history: z.array(
    z.object({
      startedAt: isoTimestamp,
      durationMs: z.number(),
      statusCode: z.number().int().nullable(),
      outcome: z.string(),
      error: z.string().nullable(),
      /** Shown only to viewers with PII access: console output and URLs can carry PHI. */
      functionLog: functionLogView.nullable(),
      /** True when a log exists but this viewer may not see it. */
      functionLogHidden: z.boolean(),
    }),
  ),
});
export type DeliveryDetails = z.infer<typeof deliveryDetails>;

export const replayInput = z
  .object({
    deliveryIds: z
      .array(z.guid({ error: 'Each delivery id must be a UUID.' }))
      .min(1)
      .max(500, 'Replay at most 500 selected deliveries at once.')
      .optional(),
    /** An owner's confirmation that deliveries queued before the latest endpoint change go to the new endpoint. */
    confirmEndpointChange: z.boolean({ error: 'confirmEndpointChange must be true or false.' }).optional(),
  })
  .strict();
export type ReplayInput = z.infer<typeof replayInput>;

export const replayResponse = z.object({ replayed: z.number().int().nonnegative() });

/** The details of the 409 a replay across an endpoint change gets without an owner's confirmation. */
export const endpointChangeConflict = z.object({
  reason: z.literal('endpoint_changed'),
  previousEndpoint: z.string(),
  currentEndpoint: z.string(),
  endpointChangedAt: isoTimestamp,
  queuedBeforeChange: count,
});
export type EndpointChangeConflict = z.infer<typeof endpointChangeConflict>;
