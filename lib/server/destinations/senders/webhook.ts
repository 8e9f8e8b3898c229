import 'server-only';
import { createHmac } from 'node:crypto';
import { postOutbound } from '@/lib/server/outbound/http-client';
import {
  all,
  fromError,
  fromHttp,
  str,
  timeoutFrom,
  type Sender,
  type SenderConfig,
} from '@/lib/server/destinations/senders/types';

// Webhooks: the Segment message as JSON, one POST per event by default. With
// batchSize > 1, up to that many events go in one POST as a JSON array (Segment's
// Webhooks (Actions) batching), which costs the receiver and us one request per
// batch instead of per event. When a shared secret is set,
// `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>` lets the receiver
// check origin and integrity (compare in constant time).
// Settings: url, timeoutMs (1000–30000, default 10000), batchSize (1–100, default 1);
// secret: sharedSecret.
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookBatchSize(settings: SenderConfig['settings']): number {
  const n = Number(settings.batchSize);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1;
}

export const webhookSender: Sender = {
  maxBatch: (cfg) => webhookBatchSize(cfg.settings),
  unsupported: () => null,
  async send(cfg, items) {
    const raw = str(cfg.settings.url);
    if (!raw) return all(items.length, { outcome: 'failed', error: 'The webhook URL is not set.' });
    const url = new URL(raw);
    const timeout = timeoutFrom(cfg.settings);
    const secret = cfg.secrets.sharedSecret;
    const post = async (body: string) => {
      try {
        return fromHttp(
          await postOutbound(url, body, secret ? { 'x-signature': webhookSignature(secret, body) } : {}, timeout),
        );
      } catch (e) {
        return fromError(e);
      }
    };
    // The worker hands us at most maxBatch items: one request per event, or one array.
    if (webhookBatchSize(cfg.settings) === 1) return Promise.all(items.map((item) => post(item.json)));
    return all(items.length, await post(`[${items.map((i) => i.json).join(',')}]`));
  },
};
