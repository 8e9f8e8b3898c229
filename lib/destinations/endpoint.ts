// Where a destination sends its events, as the endpoint-change rules see it.
// Pure: the server decides with it whether a settings save is an endpoint change
// (re-auth, held deliveries, confirmed replay), and the same strings name the old
// and new endpoints in audit rows and in the replay confirmation.
import { FUNCTION_CATALOG_ID, type CatalogEntry, type SettingField } from './catalog';

/**
 * The settings that decide which address or account receives the events: every
 * URL setting, the ones the catalog marks `endpoint`, and for a Destination
 * Function every setting (its code decides what a setting means, so any of them
 * may be the address).
 */
export function endpointFields(entry: CatalogEntry): SettingField[] {
  if (entry.id === FUNCTION_CATALOG_ID) return [...entry.settings];
  return entry.settings.filter((f) => f.type === 'url' || f.endpoint === true);
}

/** The secret settings (credentials): changing one needs a recent re-auth in a HIPAA-eligible workspace. */
export function credentialKeys(entry: CatalogEntry): string[] {
  return entry.settings.filter((f) => f.type === 'secret').map((f) => f.key);
}

function effective(f: SettingField, settings: Record<string, unknown>): unknown {
  return settings[f.key] ?? f.default;
}

/**
 * True when the save moves the events somewhere else: a non-secret endpoint
 * setting has another effective value (defaults applied, query strings included),
 * or a secret endpoint setting (an account key) was replaced or removed.
 */
export function isEndpointChange(
  entry: CatalogEntry,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  changedKeys: readonly string[],
): boolean {
  return endpointFields(entry).some((f) =>
    f.type === 'secret'
      ? changedKeys.includes(f.key)
      : JSON.stringify(effective(f, before)) !== JSON.stringify(effective(f, after)),
  );
}

/** A URL for display: as typed, without its query string or fragment (they can carry tokens), marked when cut. */
function displayUrl(raw: string): string {
  const cut = raw.search(/[?#]/);
  return (cut === -1 ? raw : `${raw.slice(0, cut)}?…`).slice(0, 200);
}

/**
 * A display string of the endpoint without credentials: the non-secret endpoint
 * settings ("https://hooks.example.com/in", or "Bucket name: phi-events · Region:
 * us-east-1"). Secret endpoint settings never appear by value; `replaced` names
 * the ones that a change replaced ("earlier API key"), so a change of the account
 * key alone still reads as two different endpoints.
 */
export function describeEndpoint(
  entry: CatalogEntry,
  settings: Record<string, unknown>,
  replaced: readonly string[] = [],
): string {
  const fields = endpointFields(entry).filter((f) => f.type !== 'secret');
  const parts: string[] = [];
  for (const f of fields) {
    const v = effective(f, settings);
    if (v === undefined || v === null || v === '') continue;
    const text = f.type === 'url' ? displayUrl(String(v)) : String(v).slice(0, 200);
    parts.push(fields.length === 1 ? text : `${f.label}: ${text}`);
  }
  const keys = endpointFields(entry).filter((f) => f.type === 'secret' && replaced.includes(f.key));
  const text = parts.join(' · ') || `${entry.name} (no address set)`;
  return keys.length ? `${text} (earlier ${keys.map((f) => f.label).join(', ')})` : text;
}
