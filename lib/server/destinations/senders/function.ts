import 'server-only';
import type { Sender } from '@/lib/server/destinations/senders/types';
import { runBound, sendResultOf, unsupportedBy } from '@/lib/server/destinations/function-run';

// A Destination Function instance: the function's code is the sender. It sends
// with fetch through the SSRF guard; what it returns is kept in the attempt log.
export const functionSender: Sender = {
  maxBatch: () => 1,
  unsupported: (event, cfg) => (cfg.fn ? unsupportedBy(cfg.fn, event) : 'The function is not deployed.'),
  async send(cfg, items) {
    const fn = cfg.fn;
    if (!fn) return items.map(() => ({ outcome: 'failed' as const, error: 'The function is not deployed.' }));
    return Promise.all(items.map(async (item) => sendResultOf(fn, await runBound(fn, item.event))));
  },
};
