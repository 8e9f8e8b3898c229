import 'server-only';
import { createHmac } from 'node:crypto';
import { postOutbound } from '@/lib/server/delivery/http-client';
import { fromError, fromHttp, str, timeoutFrom, type Sender } from '@/lib/server/delivery/senders/types';

// Webhooks: one POST per event, the Segment message as JSON. When a shared
// secret is set, `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>` lets
// the receiver check origin and integrity (compare in constant time).
// Settings: url, timeoutMs (1000–30000, default 10000); secret: sharedSecret.
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export const webhookSender: Sender = {
  maxBatch: 1,
  unsupported: () => null,
  async send(cfg, items) {
    const raw = str(cfg.settings.url);
    if (!raw) return items.map(() => ({ outcome: 'failed' as const, error: 'The webhook URL is not set.' }));
    const url = new URL(raw);
    const timeout = timeoutFrom(cfg.settings);
    const secret = cfg.secrets.sharedSecret;
    return Promise.all(items.map(async (item) => {
      const body = item.json;
      const headers: Record<string, string> = {};
      if (secret) headers['x-signature'] = webhookSignature(secret, body);
      try {
        return fromHttp(await postOutbound(url, body, headers, timeout));
      } catch (e) {
        return fromError(e);
      }
    }));
  },
};
