import { describe, expect, it } from 'vitest';
import { catalogEntry } from './catalog';
import { credentialKeys, describeEndpoint, endpointFields, isEndpointChange } from './endpoint';
import { functionCatalogEntry } from '@/lib/functions/settings';

const webhook = catalogEntry('webhook')!;
const s3 = catalogEntry('amazon-s3')!;
const amplitude = catalogEntry('amplitude')!;

describe('destination endpoints', () => {
  it('every catalog type has at least one endpoint setting; URLs always count', () => {
    for (const id of ['mixpanel', 'google-analytics-4', 'amplitude', 'hubspot', 'braze', 'customer-io']) {
      expect(endpointFields(catalogEntry(id)!).length, id).toBeGreaterThan(0);
    }
    expect(endpointFields(webhook).map((f) => f.key)).toEqual(['url']);
    expect(endpointFields(s3).map((f) => f.key)).toEqual(['bucket', 'region', 'prefix']);
    expect(credentialKeys(webhook)).toEqual(['sharedSecret']);
  });

  it('a new URL, bucket or account key is an endpoint change; a default made explicit, a timeout or a signing secret is not', () => {
    const url = 'https://hooks.example.com/in';
    expect(isEndpointChange(webhook, { url }, { url: 'https://evil.example/in' }, ['url'])).toBe(true);
    expect(isEndpointChange(webhook, { url }, { url: `${url}?tenant=2` }, ['url'])).toBe(true);
    expect(isEndpointChange(webhook, { url }, { url, timeoutMs: 5000 }, ['timeoutMs'])).toBe(false);
    expect(isEndpointChange(webhook, { url }, { url }, ['sharedSecret'])).toBe(false);
    expect(isEndpointChange(s3, { bucket: 'a' }, { bucket: 'a', region: 'us-east-1' }, ['region'])).toBe(false);
    expect(isEndpointChange(s3, { bucket: 'a' }, { bucket: 'b' }, ['bucket'])).toBe(true);
    expect(isEndpointChange(amplitude, {}, {}, ['apiKey'])).toBe(true);
  });

  it('describes an endpoint without query strings or secrets', () => {
    expect(describeEndpoint(webhook, { url: 'https://hooks.example.com/in?token=abc#x' })).toBe(
      'https://hooks.example.com/in?…',
    );
    expect(describeEndpoint(s3, { bucket: 'phi-lake' })).toBe('Bucket name: phi-lake · Region: us-east-1');
    expect(describeEndpoint(amplitude, {}, ['apiKey'])).toBe('https://api2.amplitude.com/2/httpapi (earlier API key)');
    expect(describeEndpoint(webhook, {})).toBe('Webhooks (no address set)');
  });

  it('a Destination Function: its code decides, so every setting is an endpoint setting', () => {
    const fn = functionCatalogEntry([
      { name: 'target', label: 'Target', type: 'string', required: true },
      { name: 'token', label: 'Token', type: 'secret', required: true },
    ]);
    expect(endpointFields(fn).map((f) => f.key)).toEqual(['target', 'token']);
    expect(isEndpointChange(fn, { target: 'a' }, { target: 'b' }, ['target'])).toBe(true);
    expect(describeEndpoint(fn, { target: 'a' })).toBe('a');
  });
});
