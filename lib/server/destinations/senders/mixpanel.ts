import 'server-only';
import { createHash } from 'node:crypto';
import type { ProtectedEvent } from '@/lib/crypto/transform';
import { postOutbound } from '@/lib/server/outbound/http-client';
import {
  all,
  basicAuth,
  eventTimeMs,
  fromError,
  fromHttp,
  obj,
  str,
  type OutboundItem,
  type SendResult,
  type Sender,
  type SenderConfig,
} from '@/lib/server/destinations/senders/types';

// Mixpanel: track/page/screen go to the /import API (batched, strict mode, HTTP
// Basic with the project's API secret), identify goes to /engage as a profile
// $set (needs the project token). Mixpanel has no server-side alias/group
// equivalent here, so those are filtered with a reason.
// Settings: projectToken, dataResidency (US|EU|IN), endpoint; secret: apiSecret.
const RESIDENCY: Record<string, string> = {
  US: 'https://api.mixpanel.com',
  EU: 'https://api-eu.mixpanel.com',
  IN: 'https://api-in.mixpanel.com',
};
const DEFAULT_ENDPOINT = RESIDENCY.US;
const IMPORT_TIMEOUT_MS = 15_000;

export function mixpanelBase(settings: Readonly<Record<string, unknown>>): string {
  const endpoint = str(settings.endpoint)?.replace(/\/+$/, '');
  if (endpoint && endpoint !== DEFAULT_ENDPOINT) return endpoint;
  return RESIDENCY[String(settings.dataResidency ?? 'US')] ?? DEFAULT_ENDPOINT;
}

/** $insert_id must be <= 36 characters of [A-Za-z0-9-]; other message ids are hashed into that shape. */
export function insertId(messageId: string): string {
  return /^[A-Za-z0-9-]{1,36}$/.test(messageId)
    ? messageId
    : createHash('sha256').update(messageId).digest('hex').slice(0, 32);
}

function eventName(e: ProtectedEvent): string {
  const name = str(e.name);
  if (e.type === 'page') return name ? `Viewed ${name} Page` : 'Loaded a Page';
  if (e.type === 'screen') return name ? `Viewed ${name} Screen` : 'Loaded a Screen';
  return String(e.event ?? 'Unnamed Event');
}

function distinctId(e: ProtectedEvent): string {
  return String(e.userId ?? e.anonymousId ?? '');
}

export function toMixpanelImport(item: OutboundItem): Record<string, unknown> {
  const e = item.event;
  const ctx = obj(e.context);
  const props: Record<string, unknown> = { ...obj(e.properties) };
  if (typeof ctx.ip === 'string') props.ip = ctx.ip;
  // The encryption stamp says which key decrypts the encrypted properties.
  if (ctx.encryption) props.encryption = ctx.encryption;
  return {
    event: eventName(e),
    properties: { ...props, time: eventTimeMs(e), distinct_id: distinctId(e), $insert_id: insertId(item.messageId) },
  };
}

async function post(url: URL, body: unknown, auth: string | null): Promise<SendResult & { json?: unknown }> {
  try {
    const res = await postOutbound(url, JSON.stringify(body), auth ? { authorization: auth } : {}, IMPORT_TIMEOUT_MS);
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return { ...fromHttp(res), json };
  } catch (e) {
    return fromError(e);
  }
}

async function sendImport(cfg: SenderConfig, items: readonly OutboundItem[]): Promise<SendResult[]> {
  const secret = cfg.secrets.apiSecret;
  if (!secret) return all(items.length, { outcome: 'failed', error: 'The Mixpanel API secret is not set.' });
  const bodies = items.map(toMixpanelImport);
  const r = await post(new URL(`${mixpanelBase(cfg.settings)}/import?strict=1`), bodies, basicAuth(secret));
  // Strict mode: a 400 lists the records that failed validation; the rest were imported.
  const failed = r.status === 400 ? obj(r.json).failed_records : undefined;
  if (Array.isArray(failed)) {
    const bad = new Map<number, string>();
    for (const f of failed) {
      const rec = obj(f);
      if (typeof rec.index === 'number')
        bad.set(rec.index, `Mixpanel rejected the record: ${String(rec.field ?? 'invalid field').slice(0, 100)}`);
    }
    return bodies.map((_, i) =>
      bad.has(i) ? { outcome: 'failed', status: 400, error: bad.get(i) } : { outcome: 'delivered', status: 200 },
    );
  }
  return all(bodies.length, { outcome: r.outcome, status: r.status, error: r.error, retryAfterMs: r.retryAfterMs });
}

async function sendEngage(cfg: SenderConfig, items: readonly OutboundItem[]): Promise<SendResult[]> {
  const token = str(cfg.settings.projectToken);
  if (!token) return all(items.length, { outcome: 'failed', error: 'The Mixpanel project token is not set.' });
  const bodies = items.map((i) => ({ $token: token, $distinct_id: distinctId(i.event), $set: obj(i.event.traits) }));
  const r = await post(new URL(`${mixpanelBase(cfg.settings)}/engage?verbose=1`), bodies, null);
  // /engage answers 200 with {"status":0,"error":...} for a rejected update.
  const body = obj(r.json);
  if (r.outcome === 'delivered' && body.status === 0) {
    return all(bodies.length, {
      outcome: 'failed',
      status: r.status,
      error: `Mixpanel: ${String(body.error ?? 'update rejected').slice(0, 120)}`,
    });
  }
  return all(bodies.length, { outcome: r.outcome, status: r.status, error: r.error, retryAfterMs: r.retryAfterMs });
}

export const mixpanelSender: Sender = {
  maxBatch: () => 50,
  unsupported: (e) =>
    e.type === 'alias' || e.type === 'group'
      ? `Mixpanel does not accept ${String(e.type)} calls from this pipeline.`
      : null,
  async send(cfg, items) {
    const results: SendResult[] = new Array(items.length);
    const profile: number[] = [];
    const events: number[] = [];
    items.forEach((it, i) => (it.event.type === 'identify' ? profile : events).push(i));
    const [a, b] = await Promise.all([
      events.length
        ? sendImport(
            cfg,
            events.map((i) => items[i]!),
          )
        : Promise.resolve([]),
      profile.length
        ? sendEngage(
            cfg,
            profile.map((i) => items[i]!),
          )
        : Promise.resolve([]),
    ]);
    events.forEach((idx, k) => {
      results[idx] = a[k]!;
    });
    profile.forEach((idx, k) => {
      results[idx] = b[k]!;
    });
    return results;
  },
};
