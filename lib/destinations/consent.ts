// Consent categories gating a destination (Segment's consent management). The
// enforced data is Destination.consentCategories: plain category ids such as
// "C0001", matched against an event's context.consent.categoryPreferences; a
// destination mapped to several categories needs every one of them true.
// Display names ride along in the destination's settings JSON under a reserved
// key (there is no workspace-level category table yet).

export const CONSENT_NAMES_KEY = '$consentNames';

export interface ConsentCategoryView {
  id: string;
  name: string;
}

export function consentNames(settings: unknown): Record<string, string> {
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return {};
  const raw = (settings as Record<string, unknown>)[CONSENT_NAMES_KEY];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function consentView(ids: readonly string[], settings: unknown): ConsentCategoryView[] {
  const names = consentNames(settings);
  return ids.map((id) => ({ id, name: names[id] ?? '' }));
}
