// Source Debugger responses (allow-lists). The list carries no event content;
// the event views carry the payload, masked unless the viewer has PII access.
import { z } from 'zod';
import { isoTimestamp } from './common';

export const debuggerEventSummary = z.object({
  id: z.string(),
  messageId: z.string(),
  type: z.string(),
  eventName: z.string().nullable(),
  receivedAt: isoTimestamp,
  blockedCount: z.number().int().nonnegative(),
});
export type DebuggerEventSummary = z.infer<typeof debuggerEventSummary>;

export const debuggerListResponse = z.object({ events: z.array(debuggerEventSummary) });
export type DebuggerList = z.infer<typeof debuggerListResponse>;

export const debuggerEventView = z.object({
  id: z.string(),
  messageId: z.string(),
  type: z.string(),
  eventName: z.string().nullable(),
  receivedAt: isoTimestamp,
  timestamp: isoTimestamp,
  /** Key paths removed by block at source; the UI shows "blocked" there. */
  blockedPaths: z.array(z.string()),
  /** The event as stored (masked for viewers without PII access): passed through as is. */
  payload: z.record(z.string(), z.unknown()),
  masked: z.boolean(),
});
export type DebuggerEventView = z.infer<typeof debuggerEventView>;
