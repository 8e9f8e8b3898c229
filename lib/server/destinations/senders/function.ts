import 'server-only';
import type { Sender } from '@/lib/server/destinations/senders/types';
import { runBoundMany, sendResultOf, unsupportedBy } from '@/lib/server/destinations/function-run';

// A Destination Function instance: the function's code is the sender. It sends
// with fetch through the SSRF guard; what it returns is kept in the attempt log.
// The worker hands it chunks of events, which run through one sandbox entry
// (runMany) with per-event outcomes; each event still makes its own requests.
const CHUNK = 100;

export const functionSender: Sender = {
  maxBatch: () => CHUNK,
  unsupported: (event, cfg) => (cfg.fn ? unsupportedBy(cfg.fn, event) : 'The function is not deployed.'),
  async send(cfg, items) {
    const fn = cfg.fn;
    if (!fn) return items.map(() => ({ outcome: 'failed' as const, error: 'The function is not deployed.' }));
    const runs = await runBoundMany(
      fn,
      items.map((i) => i.event),
    );
    return runs.map((r) => sendResultOf(fn, r));
  },
};
