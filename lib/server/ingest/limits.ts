import 'server-only';

// Segment's documented HTTP Tracking API limits, plus the few we add so that no
// accepted event can later fail inside Postgres or blow a stack.
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** Postgres' jsonb parser recurses; Segment events are rarely deeper than 5. */
export const MAX_DEPTH = 64;
export const MAX_MESSAGE_ID_LENGTH = 256;
export const MAX_BATCH_EVENTS = 2500;

export type MessageType = 'track' | 'identify' | 'page' | 'screen' | 'group' | 'alias';
export const MESSAGE_TYPES: readonly MessageType[] = ['track', 'identify', 'page', 'screen', 'group', 'alias'];
export type IngestEndpoint = MessageType | 'batch';

export function isMessageType(v: unknown): v is MessageType {
  return typeof v === 'string' && (MESSAGE_TYPES as readonly string[]).includes(v);
}

export const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
