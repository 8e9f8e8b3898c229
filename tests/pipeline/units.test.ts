// Pure parts of the pipeline: consent rules, backoff, the SSRF address guard,
// clock-skew correction, write-key parsing, the token bucket, and sender mappings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  consentBlockReason,
  filterReason,
  integrationsBlockReason,
  type ConsentTarget,
} from '@/lib/server/destinations/consent-gate';
import { retryDelayMs, retryOrDead } from '@/lib/server/delivery/backoff';
import { isRefusedAddress, assertUrlAllowed } from '@/lib/server/outbound/ssrf';
import { correctedTimestamp, normalizeMessage } from '@/lib/server/ingest/message';
import { writeKeyFromHeader } from '@/lib/server/ingest/handle';
import { TokenBuckets } from '@/lib/server/ingest/rate-limit';
import { insertId, mixpanelBase, toMixpanelImport } from '@/lib/server/destinations/senders/mixpanel';
import { toAmplitudeEvent } from '@/lib/server/destinations/senders/amplitude';
import { forwarderUrl } from '@/lib/server/destinations/senders/forwarder';
import { fromHttp } from '@/lib/server/destinations/senders/types';

const target = (consentCategories: string[], blockEventsWithoutConsent = false): ConsentTarget => ({
  name: 'My Hook',
  catalogName: 'Webhooks',
  consentCategories,
  blockEventsWithoutConsent,
});
const withPrefs = (prefs: unknown) => ({ context: { consent: { categoryPreferences: prefs } } });

describe('consent', () => {
  it('implements the Segment matrix', () => {
    expect(consentBlockReason({}, target([]))).toBeNull();
    expect(consentBlockReason(withPrefs({}), target([]))).toBeNull();
    expect(consentBlockReason({}, target(['C1']))).toBeNull();
    expect(consentBlockReason({}, target(['C1'], true))).toMatch(/no consent object/);
    expect(consentBlockReason({}, target([], true))).toBeNull();
    expect(consentBlockReason(withPrefs({}), target(['C1']))).toMatch(/C1 not granted/);
    expect(consentBlockReason(withPrefs({ C1: true }), target(['C1']))).toBeNull();
    expect(consentBlockReason(withPrefs({ C1: 'true' }), target(['C1']))).toMatch(/C1/);
    expect(consentBlockReason(withPrefs({ C1: true, C2: false }), target(['C1', 'C2']))).toMatch(/C2 not granted/);
    expect(consentBlockReason(withPrefs({ C1: true, C2: true }), target(['C1', 'C2']))).toBeNull();
    expect(consentBlockReason({ context: { consent: {} } }, target(['C1']))).toMatch(/C1/);
    expect(consentBlockReason({ context: 'nope' }, target(['C1']))).toBeNull();
  });

  it('honours the integrations object by destination or catalog name, consent first', () => {
    expect(integrationsBlockReason({ integrations: { All: false } }, target([]))).toMatch(/All to false/);
    expect(integrationsBlockReason({ integrations: { All: false, Webhooks: true } }, target([]))).toBeNull();
    expect(integrationsBlockReason({ integrations: { All: false, 'My Hook': {} } }, target([]))).toBeNull();
    expect(integrationsBlockReason({ integrations: { 'My Hook': false } }, target([]))).toMatch(/My Hook/);
    expect(filterReason({ integrations: { Webhooks: true }, ...withPrefs({}) }, target(['C1']))).toMatch(/consent/);
  });
});

describe('backoff', () => {
  const cfg = {
    backoffBaseMs: 1000,
    backoffMaxMs: 60_000,
    maxRetryAfterMs: 3_600_000,
    maxAgeMs: 3_600_000,
    maxAttempts: 10,
  };
  it('grows exponentially with equal jitter, caps, and honours Retry-After as a floor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const exp = Math.min(cfg.backoffMaxMs, 1000 * 2 ** (attempt - 1));
        const d = retryDelayMs(attempt, cfg, undefined, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
        expect(d).toBeLessThanOrEqual(exp);
      }),
    );
    expect(retryDelayMs(1, cfg, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, { ...cfg, maxRetryAfterMs: 5000 }, 30_000, () => 0)).toBe(5000);
  });
  it('dead-letters on max attempts or max age', () => {
    const now = Date.now();
    expect(retryOrDead(3, new Date(now), 1000, cfg, now)).toBe('retrying');
    expect(retryOrDead(10, new Date(now), 1000, cfg, now)).toBe('dead');
    expect(retryOrDead(3, new Date(now - 3_599_500), 1000, cfg, now)).toBe('dead');
  });
});

describe('SSRF guard', () => {
  it('refuses private, loopback, link-local, ULA, CGNAT, metadata and mapped forms', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      expect(isRefusedAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isRefusedAddress(ip), ip).toBe(false);
  });
  it('checks literal IPs and schemes before any connection', () => {
    delete process.env.OUTBOUND_ALLOWLIST;
    expect(() => assertUrlAllowed(new URL('http://127.0.0.1:8080/x'))).toThrow(/private or reserved/);
    expect(() => assertUrlAllowed(new URL('http://[::ffff:7f00:1]/x'))).toThrow(/private or reserved/);
    expect(() => assertUrlAllowed(new URL('ftp://example.com/x'))).toThrow(/http and https/);
    expect(() => assertUrlAllowed(new URL('https://example.com/x'))).not.toThrow();
    process.env.OUTBOUND_ALLOWLIST = 'hooks.internal, 10.0.0.0/8, ::1';
    expect(() => assertUrlAllowed(new URL('http://10.9.9.9/x'))).not.toThrow();
    expect(() => assertUrlAllowed(new URL('http://[::1]/x'))).not.toThrow();
    expect(() => assertUrlAllowed(new URL('http://192.168.0.1/x'))).toThrow();
    delete process.env.OUTBOUND_ALLOWLIST;
  });
});

describe('ingest helpers', () => {
  it('corrects clock skew like Segment, and falls back sanely', () => {
    const received = Date.parse('2026-01-01T12:00:00Z');
    expect(correctedTimestamp(received, Date.parse('2026-01-01T12:59:50Z'), Date.parse('2026-01-01T13:00:00Z'))).toBe(
      received - 10_000,
    );
    expect(correctedTimestamp(received, null, null)).toBe(received);
    expect(correctedTimestamp(received, 5, null)).toBe(5);
    const m = normalizeMessage(
      { userId: 1, event: 'E', timestamp: 'garbage', sentAt: 42 },
      { type: 'track', receivedAt: new Date(received), where: 'Event' },
    );
    expect(m.userId).toBe('1');
    expect(m.timestamp.getTime()).toBe(received);
    expect(m.payload.originalTimestamp).toBeUndefined();
  });

  it('parses HTTP Basic write keys', () => {
    expect(writeKeyFromHeader(null)).toBeUndefined();
    expect(writeKeyFromHeader(`Basic ${Buffer.from('abc:').toString('base64')}`)).toBe('abc');
    expect(writeKeyFromHeader(`basic ${Buffer.from('abc').toString('base64')}`)).toBe('abc');
    expect(writeKeyFromHeader('Bearer abc')).toBeUndefined();
    expect(writeKeyFromHeader('Basic !!!')).toBeNull();
    expect(writeKeyFromHeader(`Basic ${Buffer.from(':x').toString('base64')}`)).toBeNull();
  });

  it('token bucket: burst, refill and Retry-After', () => {
    const b = new TokenBuckets(10, 20);
    const t = 1_000_000;
    expect(b.take('s', 20, t).ok).toBe(true);
    const over = b.take('s', 5, t);
    expect(over).toEqual({ ok: false, retryAfterSec: 1 });
    expect(b.take('s', 5, t + 500).ok).toBe(true);
    expect(b.take('other', 20, t).ok).toBe(true);
    expect(new TokenBuckets(0, 0).take('s', 1e9).ok).toBe(true);
  });
});

describe('sender mappings', () => {
  const item = (event: Record<string, unknown>) => ({
    deliveryId: 'd',
    messageId: event.messageId as string,
    event,
    json: JSON.stringify(event),
  });
  it('Mixpanel /import: event, time in ms, distinct_id, $insert_id, residency', () => {
    const e = {
      type: 'track',
      event: 'Order Completed',
      userId: 'u1',
      messageId: 'api-7b1e6c0e-1b9a-4a5e-9c0f-2f3c8a8b9d11',
      timestamp: '2026-01-01T00:00:00.000Z',
      properties: { total: 3 },
      context: { ip: '1.2.3.4' },
    };
    expect(toMixpanelImport(item(e))).toEqual({
      event: 'Order Completed',
      properties: {
        total: 3,
        ip: '1.2.3.4',
        time: Date.parse(e.timestamp),
        distinct_id: 'u1',
        $insert_id: insertId(e.messageId),
      },
    });
    expect(insertId('short-id')).toBe('short-id');
    expect(insertId(e.messageId)).toMatch(/^[0-9a-f]{32}$/);
    expect(mixpanelBase({ dataResidency: 'EU', endpoint: 'https://api.mixpanel.com' })).toBe(
      'https://api-eu.mixpanel.com',
    );
    expect(mixpanelBase({ endpoint: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
  });
  it('Amplitude HTTP V2 and forwarder URLs', () => {
    expect(
      toAmplitudeEvent(
        item({
          type: 'identify',
          userId: 'u1',
          anonymousId: 'a1',
          messageId: 'm',
          traits: { plan: 'pro' },
          timestamp: '2026-01-01T00:00:00.000Z',
        }),
      ),
    ).toEqual({
      event_type: '$identify',
      time: Date.parse('2026-01-01T00:00:00.000Z'),
      insert_id: 'm',
      user_id: 'u1',
      device_id: 'a1',
      user_properties: { $set: { plan: 'pro' } },
    });
    expect(forwarderUrl('https://api.segment.io/v1/').toString()).toBe('https://api.segment.io/v1/batch');
    expect(forwarderUrl('https://x.example/v1/batch').toString()).toBe('https://x.example/v1/batch');
  });
  it('classifies HTTP answers', () => {
    expect(fromHttp({ status: 204, headers: {}, body: '' }).outcome).toBe('delivered');
    expect(fromHttp({ status: 429, headers: { 'retry-after': '7' }, body: '' })).toMatchObject({
      outcome: 'retry',
      retryAfterMs: 7000,
    });
    expect(fromHttp({ status: 503, headers: {}, body: '' }).outcome).toBe('retry');
    expect(fromHttp({ status: 301, headers: {}, body: '' }).outcome).toBe('failed');
    expect(fromHttp({ status: 404, headers: {}, body: '' }).outcome).toBe('failed');
  });
});

describe('ingest group commit', () => {
  it('runs alone when idle, coalesces under load, caps statements in flight, and fails only the batch that failed', async () => {
    const { Coalescer } = await import('@/lib/server/ingest/coalesce');
    const calls: string[][] = [];
    let inflight = 0;
    let peak = 0;
    const c = new Coalescer<string, number>(
      async (_k, rows) => {
        calls.push(rows);
        peak = Math.max(peak, ++inflight);
        await new Promise((r) => setTimeout(r, 20));
        inflight--;
        if (rows.includes('boom')) throw new Error('db down');
        return rows.length;
      },
      (k) => k,
    );
    expect(await c.submit('s', ['a'])).toBe(1);
    expect(calls).toEqual([['a']]);
    calls.length = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => c.submit('s', [i === 25 ? 'boom' : `r${i}`])),
    );
    expect(peak).toBeLessThanOrEqual(4);
    expect(calls.length).toBeLessThan(40);
    expect(calls.flat().sort()).toEqual(Array.from({ length: 40 }, (_, i) => (i === 25 ? 'boom' : `r${i}`)).sort());
    const failedBatch = calls.find((b) => b.includes('boom'))!;
    results.forEach((r, i) => {
      const inFailed = failedBatch.includes(i === 25 ? 'boom' : `r${i}`);
      expect(r.status).toBe(inFailed ? 'rejected' : 'fulfilled');
    });
  });
});
