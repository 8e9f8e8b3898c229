import { describe, expect, it } from 'vitest';
import { DESTINATION_CATALOG, catalogEntry, effectiveBaa, searchCatalog } from './catalog';
import { validateSettings } from './settings-schema';

const mixpanel = catalogEntry('mixpanel')!;
const webhook = catalogEntry('webhook')!;
const amplitude = catalogEntry('amplitude')!;

describe('destination catalog', () => {
  it('has at least 10 entries with unique ids, initials and well-formed settings', () => {
    expect(DESTINATION_CATALOG.length).toBeGreaterThanOrEqual(10);
    expect(new Set(DESTINATION_CATALOG.map((e) => e.id)).size).toBe(DESTINATION_CATALOG.length);
    for (const e of DESTINATION_CATALOG) {
      expect(e.initials).toMatch(/^[A-Z0-9]{2}$/);
      expect(new Set(e.settings.map((s) => s.key)).size).toBe(e.settings.length);
      for (const s of e.settings) {
        if (s.type === 'select') expect(s.options?.length).toBeGreaterThan(0);
        if (s.type === 'secret') expect(s.default).toBeUndefined();
        if (s.pattern) expect(() => new RegExp(s.pattern!.regex)).not.toThrow();
      }
    }
  });

  it('carries the BAA statuses the issue names', () => {
    const baa = (id: string) => catalogEntry(id)?.baa;
    for (const id of ['mixpanel', 'google-analytics-4', 'amplitude', 'hubspot', 'braze'])
      expect(baa(id)).toBe('does_not_sign');
    for (const id of ['snowflake', 'bigquery', 'amazon-s3']) expect(baa(id)).toBe('signs');
    for (const id of ['webhook', 'http-forwarder']) expect(baa(id)).toBe('you_decide');
  });

  it('applies an owner override over the catalog default', () => {
    expect(effectiveBaa('does_not_sign', true)).toBe('signs');
    expect(effectiveBaa('signs', false)).toBe('does_not_sign');
    expect(effectiveBaa('you_decide', null)).toBe('you_decide');
  });

  it('searches by name and filters by category', () => {
    expect(searchCatalog('mix').map((e) => e.id)).toEqual(['mixpanel']);
    expect(
      searchCatalog('', 'Warehouse')
        .map((e) => e.id)
        .sort(),
    ).toEqual(['bigquery', 'snowflake']);
    expect(searchCatalog('WEBHOOK', 'Raw Data').map((e) => e.id)).toEqual(['webhook']);
  });
});

describe('validateSettings', () => {
  it('accepts valid Mixpanel settings, applies defaults and splits out secrets', () => {
    const r = validateSettings(
      mixpanel,
      { projectToken: 'abcdef0123456789abcd', apiSecret: 's3cr3t-value' },
      { kind: 'create' },
    );
    expect(r).toEqual({
      ok: true,
      value: {
        settings: { projectToken: 'abcdef0123456789abcd', dataResidency: 'US', endpoint: 'https://api.mixpanel.com' },
        secrets: { apiSecret: 's3cr3t-value' },
        removedSecrets: [],
      },
    });
  });

  it('reports every bad field with its own message', () => {
    const r = validateSettings(
      mixpanel,
      { projectToken: 'short', dataResidency: 'MARS', endpoint: 'ftp://x' },
      { kind: 'create' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath['settings.projectToken']).toBe('Project token must be 16–64 letters and digits.');
    expect(byPath['settings.apiSecret']).toBe('API secret is required.');
    expect(byPath['settings.dataResidency']).toBe('Data residency must be one of: US, EU, IN.');
    expect(byPath['settings.endpoint']).toBe('Endpoint URL must start with https:// or http://.');
  });

  it('refuses a required field that is left out of the request, not only one sent blank', () => {
    for (const raw of [{ apiSecret: 's3cr3t-value' }, { projectToken: '', apiSecret: 's3cr3t-value' }]) {
      const r = validateSettings(mixpanel, raw, { kind: 'create' });
      expect(r).toMatchObject({
        ok: false,
        errors: [{ path: 'settings.projectToken', message: 'Project token is required.' }],
      });
    }
  });

  it('rejects unknown settings, credentials in URLs and out-of-range numbers', () => {
    const r = validateSettings(
      webhook,
      { url: 'https://user:pw@example.com/x', sharedSecret: 'x'.repeat(20), timeoutMs: 50, extra: 1 },
      { kind: 'create' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map((e) => e.message);
    expect(messages).toContain('Webhook URL must not contain a user name or password.');
    expect(messages).toContain('Timeout (ms) must be at least 1000.');
    expect(messages).toContain('Unknown setting for Webhooks: extra.');
  });

  it('treats a blank secret on update as "keep" and null as "remove" for optional secrets only', () => {
    const stored = new Set(['apiKey']);
    const keep = validateSettings(amplitude, { apiKey: '', endpoint: '' }, { kind: 'update', storedSecrets: stored });
    expect(keep).toEqual({
      ok: true,
      value: { settings: { endpoint: 'https://api2.amplitude.com/2/httpapi' }, secrets: {}, removedSecrets: [] },
    });
    const removeRequired = validateSettings(amplitude, { apiKey: null }, { kind: 'update', storedSecrets: stored });
    expect(removeRequired.ok).toBe(false);
    const missing = validateSettings(amplitude, {}, { kind: 'update', storedSecrets: new Set() });
    expect(missing).toMatchObject({
      ok: false,
      errors: [{ path: 'settings.apiKey', message: 'API key is required.' }],
    });
  });

  it('coerces numbers from form strings', () => {
    const r = validateSettings(
      webhook,
      { url: 'https://example.com/h', sharedSecret: 'abc', timeoutMs: '2500' },
      { kind: 'create' },
    );
    expect(r.ok && r.value.settings.timeoutMs).toBe(2500);
  });
});
