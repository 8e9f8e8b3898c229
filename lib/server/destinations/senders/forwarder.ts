import 'server-only';
import { postOutbound } from '@/lib/server/outbound/http-client';
import { all, basicAuth, fromError, fromHttp, str, type Sender } from '@/lib/server/destinations/senders/types';

// Segment-compatible HTTP forwarder: POST <endpoint>/batch with the write key as
// HTTP Basic user name, exactly what @segment/analytics-node sends, so another
// Privacy Console, Segment itself or RudderStack can receive it. Events go as
// protected Segment messages (messageId kept, so the receiver dedups replays).
// Settings: endpoint (base URL, e.g. https://api.segment.io/v1); secret: writeKey.
const MAX_BODY_BYTES = 450 * 1024; // receivers cap a batch at 500 KB

export function forwarderUrl(endpoint: string): URL {
  const base = endpoint.replace(/\/+$/, '');
  return new URL(base.endsWith('/batch') ? base : `${base}/batch`);
}

export const forwarderSender: Sender = {
  maxBatch: () => 100,
  unsupported: () => null,
  async send(cfg, items) {
    const endpoint = str(cfg.settings.endpoint);
    const writeKey = cfg.secrets.writeKey;
    if (!endpoint) return all(items.length, { outcome: 'failed', error: 'The forwarder endpoint is not set.' });
    if (!writeKey) return all(items.length, { outcome: 'failed', error: 'The forwarder write key is not set.' });
    const url = forwarderUrl(endpoint);
    // Split by size as well as count: encryption inflates events.
    const chunks: number[][] = [];
    let cur: number[] = [];
    let size = 0;
    const sizes = items.map((it) => Buffer.byteLength(it.json));
    items.forEach((_, i) => {
      if (cur.length && size + sizes[i]! > MAX_BODY_BYTES) {
        chunks.push(cur);
        cur = [];
        size = 0;
      }
      cur.push(i);
      size += sizes[i]! + 1;
    });
    if (cur.length) chunks.push(cur);
    const results = new Array(items.length);
    await Promise.all(
      chunks.map(async (idx) => {
        const body = `{"batch":[${idx.map((i) => items[i]!.json).join(',')}],"sentAt":"${new Date().toISOString()}"}`;
        let r;
        try {
          r = fromHttp(await postOutbound(url, body, { authorization: basicAuth(writeKey) }, 15_000));
        } catch (e) {
          r = fromError(e);
        }
        idx.forEach((i) => {
          results[i] = { ...r };
        });
      }),
    );
    return results;
  },
};
