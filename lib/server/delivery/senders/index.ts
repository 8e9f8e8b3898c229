import 'server-only';
import type { SenderCatalogId } from '@/lib/server/delivery/supported';
import type { Sender } from '@/lib/server/delivery/senders/types';
import { webhookSender } from '@/lib/server/delivery/senders/webhook';
import { mixpanelSender } from '@/lib/server/delivery/senders/mixpanel';
import { forwarderSender } from '@/lib/server/delivery/senders/forwarder';
import { amplitudeSender } from '@/lib/server/delivery/senders/amplitude';

export const SENDERS: Record<SenderCatalogId, Sender> = {
  webhook: webhookSender,
  mixpanel: mixpanelSender,
  'http-forwarder': forwarderSender,
  amplitude: amplitudeSender,
};
