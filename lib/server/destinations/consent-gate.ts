import 'server-only';

// The consent gate, as Segment's Consent Management defines it:
//  - a destination mapped to no category is not consent-gated;
//  - an event with context.consent.categoryPreferences goes to a mapped
//    destination only when EVERY mapped category is true (missing = not granted,
//    so an empty categoryPreferences blocks every mapped destination);
//  - an event with no consent object goes everywhere (Segment's default), unless
//    the workspace blocks events without consent: then it is treated as
//    consenting to nothing, i.e. blocked from every mapped destination.
// Then the `integrations` object (Segment's per-event destination switch):
// {"All": false, "Mixpanel": true}. Consent wins over integrations.

export interface ConsentTarget {
  name: string;
  catalogName: string;
  consentCategories: readonly string[];
  blockEventsWithoutConsent: boolean;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** null = may be delivered; otherwise the reason it is filtered (shown on the Event Delivery tab). */
export function consentBlockReason(event: Record<string, unknown>, target: ConsentTarget): string | null {
  if (target.consentCategories.length === 0) return null;
  const consent = record(record(event.context)?.consent);
  if (!consent) {
    return target.blockEventsWithoutConsent
      ? 'Filtered: the event has no consent object and this workspace blocks events without consent.'
      : null;
  }
  const prefs = record(consent.categoryPreferences) ?? {};
  const missing = target.consentCategories.filter((c) => prefs[c] !== true);
  if (missing.length === 0) return null;
  return `Filtered by end user consent: ${missing.slice(0, 5).join(', ')} not granted.`;
}

export function integrationsBlockReason(event: Record<string, unknown>, target: ConsentTarget): string | null {
  const integrations = record(event.integrations);
  if (!integrations) return null;
  for (const key of [target.name, target.catalogName]) {
    const v = integrations[key];
    if (v === false) return `Filtered: the event's integrations object turns off "${key}".`;
    if (v === true || record(v)) return null;
  }
  return integrations.All === false ? "Filtered: the event's integrations object sets All to false." : null;
}

export function filterReason(event: Record<string, unknown>, target: ConsentTarget): string | null {
  return consentBlockReason(event, target) ?? integrationsBlockReason(event, target);
}
