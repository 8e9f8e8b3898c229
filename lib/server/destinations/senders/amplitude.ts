import 'server-only';
import type { ProtectedEvent } from '@/lib/crypto/transform';
import { postOutbound } from '@/lib/server/outbound/http-client';
import {
  all,
  eventTimeMs,
  fromError,
  fromHttp,
  obj,
  str,
  type OutboundItem,
  type SendResult,
  type Sender,
} from '@/lib/server/destinations/senders/types';

// Amplitude HTTP V2 API: one POST per batch, {api_key, events, options}.
// identify becomes Amplitude's "$identify" event with user_properties.$set.
// A 400 names the offending event indexes; Amplitude then ingested nothing, so
// those fail and the rest are retried.
// Settings: endpoint, minIdLength; secret: apiKey.
const DEFAULT_ENDPOINT = 'https://api2.amplitude.com/2/httpapi';

function eventType(e: ProtectedEvent): string {
  const name = str(e.name);
  if (e.type === 'identify') return '$identify';
  if (e.type === 'page') return name ? `Viewed ${name} Page` : 'Loaded a Page';
  if (e.type === 'screen') return name ? `Viewed ${name} Screen` : 'Loaded a Screen';
  return String(e.event ?? 'Unnamed Event');
}

export function toAmplitudeEvent(item: OutboundItem): Record<string, unknown> {
  const e = item.event;
  const ctx = obj(e.context);
  const out: Record<string, unknown> = {
    event_type: eventType(e),
    time: eventTimeMs(e),
    insert_id: item.messageId.slice(0, 128),
  };
  if (e.userId !== undefined) out.user_id = String(e.userId);
  if (e.anonymousId !== undefined) out.device_id = String(e.anonymousId);
  if (typeof ctx.ip === 'string') out.ip = ctx.ip;
  if (e.type === 'identify') out.user_properties = { $set: obj(e.traits) };
  else out.event_properties = { ...obj(e.properties), ...(ctx.encryption ? { encryption: ctx.encryption } : {}) };
  return out;
}

function badIndexes(json: unknown): Set<number> {
  const bad = new Set<number>();
  const body = obj(json);
  for (const key of ['events_with_invalid_fields', 'events_with_missing_fields', 'events_with_invalid_id_lengths']) {
    for (const list of Object.values(obj(body[key])))
      if (Array.isArray(list)) for (const i of list) if (typeof i === 'number') bad.add(i);
  }
  return bad;
}

export const amplitudeSender: Sender = {
  maxBatch: () => 50,
  unsupported: (e) =>
    e.type === 'alias' || e.type === 'group'
      ? `Amplitude does not accept ${String(e.type)} calls from this pipeline.`
      : null,
  async send(cfg, items) {
    const apiKey = cfg.secrets.apiKey;
    if (!apiKey) return all(items.length, { outcome: 'failed', error: 'The Amplitude API key is not set.' });
    const events = items.map(toAmplitudeEvent);
    const minIdLength = Number(cfg.settings.minIdLength);
    const body = {
      api_key: apiKey,
      events,
      ...(Number.isInteger(minIdLength) && minIdLength > 0 ? { options: { min_id_length: minIdLength } } : {}),
    };
    let r: SendResult;
    let json: unknown;
    try {
      const res = await postOutbound(
        new URL(str(cfg.settings.endpoint) ?? DEFAULT_ENDPOINT),
        JSON.stringify(body),
        {},
        15_000,
      );
      r = fromHttp(res);
      try {
        json = JSON.parse(res.body);
      } catch {
        json = undefined;
      }
    } catch (e) {
      r = fromError(e);
    }
    const bad = r.status === 400 ? badIndexes(json) : new Set<number>();
    if (bad.size > 0) {
      return events.map((_, i) =>
        bad.has(i)
          ? { outcome: 'failed', status: 400, error: 'Amplitude rejected the event (invalid or missing fields).' }
          : { outcome: 'retry', status: 400, error: 'Batch rejected because of another event; retrying.' },
      );
    }
    return all(events.length, r);
  },
};
