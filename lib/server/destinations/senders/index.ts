import 'server-only';
import type { SenderCatalogId } from '@/lib/server/destinations/senders/supported';
import type { Sender } from '@/lib/server/destinations/senders/types';
import { webhookSender } from '@/lib/server/destinations/senders/webhook';
import { mixpanelSender } from '@/lib/server/destinations/senders/mixpanel';
import { forwarderSender } from '@/lib/server/destinations/senders/forwarder';
import { amplitudeSender } from '@/lib/server/destinations/senders/amplitude';
import { functionSender } from '@/lib/server/destinations/senders/function';

export const SENDERS: Record<SenderCatalogId, Sender> = {
  webhook: webhookSender,
  mixpanel: mixpanelSender,
  'http-forwarder': forwarderSender,
  amplitude: amplitudeSender,
  function: functionSender,
};
