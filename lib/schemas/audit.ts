// Audit log query parameters, shared by the API routes (validation) and the UI
// (building URLs). Query strings are flat, so several event types travel as one
// comma-separated `eventType` value.
import { z } from 'zod';
import { AUDIT_EVENTS, type AuditEventType } from '@/lib/audit-events';
import { isoTimestamp } from './common';

const isEventType = (s: string): s is AuditEventType => Object.hasOwn(AUDIT_EVENTS, s);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => (s ? s : undefined));

// A UTC instant with an explicit offset ("2026-11-23T10:00:00.000Z" or "+01:00").
// A zone-less time would be read in the server's zone, which is exactly the
// ambiguity a compliance review must not have.
const instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .optional();

export const auditFiltersSchema = z
  .object({
    eventType: z
      .string()
      .max(2000)
      .optional()
      .transform((s, c) => {
        const list = (s ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = list.find((x) => !isEventType(x));
        if (bad) {
          c.addIssue({ code: 'custom', message: `Unknown event type "${bad.slice(0, 60)}".` });
          return z.NEVER;
        }
        return list.length ? (list as AuditEventType[]) : undefined;
      }),
    actorUserId: z
      .guid({ message: 'Actor must be a user id (UUID).' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    endUserId: optionalText(256),
    targetType: optionalText(64),
    targetId: optionalText(256),
    from: instant,
    to: instant,
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '"from" must be before "to".', path: ['from'] });

/** Parsed filters. The schema's output (every key present, maybe undefined) is assignable to this. */
export interface AuditFilters {
  eventType?: AuditEventType[];
  actorUserId?: string;
  endUserId?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

export const auditListQuerySchema = z.intersection(
  auditFiltersSchema,
  z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

/** The raw (string) form of the filters, as the UI holds them and as they go in a URL. */
export interface AuditFilterParams {
  eventType?: string;
  actorUserId?: string;
  endUserId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export const AUDIT_FILTER_KEYS = [
  'eventType',
  'actorUserId',
  'endUserId',
  'targetType',
  'targetId',
  'from',
  'to',
] as const;

export function auditFilterSearch(p: AuditFilterParams, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const k of AUDIT_FILTER_KEYS) if (p[k]) q.set(k, p[k] as string);
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * GET …/audit/actors: `q` searches names and emails (case-insensitive, partial);
 * `userId` looks one actor up (the label for an actor filter read from a URL).
 */
export const auditActorQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, { message: 'Type part of a name or email.' })
      .max(100, { message: 'Search text is at most 100 characters.' })
      .optional(),
    userId: z.guid({ message: 'userId must be a user id (UUID).' }).optional(),
  })
  .refine((x) => (x.q === undefined) !== (x.userId === undefined), {
    message: 'Give either q (part of a name or email) or userId.',
    path: ['q'],
  });
export type AuditActorQuery = z.infer<typeof auditActorQuerySchema>;

// ---- Responses (allow-lists: nothing else leaves the server) ----------------

/** One audit row as the API returns it (JSON-safe: seq as a string, timestamps ISO UTC). */
export const auditEventView = z.object({
  id: z.string(),
  seq: z.string(),
  workspaceId: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorType: z.string(),
  eventType: z.string(),
  eventName: z.string(),
  endUserId: z.string().nullable(),
  timestamp: isoTimestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** What changed, as recorded (already sanitised when the row was written). */
  changes: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventView>;

export const auditPage = z.object({
  items: z.array(auditEventView),
  /** Older rows; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Newer rows; null on the first page. */
  prevCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** One signed checkpoint of a chain head, as the console shows it (never the signature itself). */
export const auditCheckpointView = z.object({
  id: z.string(),
  seq: z.string(),
  rowCount: z.string(),
  signedAt: isoTimestamp,
  reason: z.string(),
  keyId: z.string(),
  /** Where it went besides the database: "file", "webhook". */
  targets: z.array(z.string()),
});
export type AuditCheckpointView = z.infer<typeof auditCheckpointView>;

/** What "Verify integrity" shows before it is pressed: the last checkpoint and where checkpoints go. */
export const auditCheckpointStatusView = z.object({
  signing: z.object({ configured: z.boolean(), keyId: z.string().nullable() }),
  destinations: z.object({
    /** The JSONL file, relative to the server's directory when inside it; null when turned off. */
    file: z.string().nullable(),
    /** The webhook's host; null when none is configured. */
    webhook: z.string().nullable(),
  }),
  /** Minutes between scheduled checkpoints; 0 when they are off. */
  intervalMinutes: z.number().int().nonnegative(),
  lastCheckpoint: auditCheckpointView.nullable(),
});
export type AuditCheckpointStatusView = z.infer<typeof auditCheckpointStatusView>;

export const auditVerifyView = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  headSeq: z.number().int().nullable(),
  headHash: z.string().nullable(),
  firstBroken: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() }).nullable(),
  /** The chain checked against its signed checkpoints (database and checkpoint file). */
  checkpoints: z.object({
    ok: z.boolean(),
    checked: z.number().int().nonnegative(),
    firstBad: z
      .object({ id: z.string(), seq: z.string(), signedAt: isoTimestamp, source: z.string(), problem: z.string() })
      .nullable(),
  }),
  /** The newest checkpoint after this verification (an intact chain is signed as it is verified). */
  lastCheckpoint: auditCheckpointView.nullable(),
  verifiedAt: isoTimestamp,
});
export type AuditVerifyView = z.infer<typeof auditVerifyView>;

/**
 * Someone who can be picked in the Actor filter: a member of the workspace, or a
 * former member (or since-deleted membership) who still appears in its audit log.
 */
export const auditActorView = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** A member of this workspace now; false for someone who appears only in the log. */
  member: z.boolean(),
});
export type AuditActorView = z.infer<typeof auditActorView>;
export const auditActorList = z.object({ items: z.array(auditActorView) });
export type AuditActorList = z.infer<typeof auditActorList>;

/** An event type written in this workspace's log, with its display name. */
export const auditEventTypeView = z.object({ eventType: z.string(), eventName: z.string() });
export type AuditEventTypeView = z.infer<typeof auditEventTypeView>;
export const auditEventTypeList = z.object({ items: z.array(auditEventTypeView) });
export type AuditEventTypeList = z.infer<typeof auditEventTypeList>;
