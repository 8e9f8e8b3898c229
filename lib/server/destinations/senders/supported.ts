import 'server-only';

// Catalog ids the delivery worker has a real sender for. Ingest enqueues
// deliveries only for these; other catalog entries (warehouses, CRMs) are
// configured in the console but have no event sender in this build, and their
// Event Delivery tab says so instead of showing a queue that never drains.
// 'function': a connected Destination Function, whose code sends.
export const SENDER_CATALOG_IDS = ['webhook', 'mixpanel', 'http-forwarder', 'amplitude', 'function'] as const;
export type SenderCatalogId = (typeof SENDER_CATALOG_IDS)[number];

export function hasSender(catalogId: string): catalogId is SenderCatalogId {
  return (SENDER_CATALOG_IDS as readonly string[]).includes(catalogId);
}
