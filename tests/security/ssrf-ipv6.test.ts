// The SSRF guard on IPv6 forms that embed an IPv4 address: IPv4-compatible
// (::/96, e.g. ::127.0.0.1), IPv4-mapped (::ffff:0:0/96, judged as the IPv4 it
// carries) and IPv4-translated (::ffff:0:0:0/96, e.g. ::ffff:0:127.0.0.1), in
// dotted and hex spellings, as URL literals and as lookup answers.
import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { assertUrlAllowed, guardedLookup, isRefusedAddress } from '@/lib/server/outbound/ssrf';

const REFUSED = [
  // IPv4-compatible
  '::127.0.0.1',
  '::7f00:1',
  '::169.254.169.254',
  '::a9fe:a9fe',
  '::10.0.0.1',
  '::a00:1',
  '::8.8.8.8',
  '0:0:0:0:0:0:7f00:1',
  // IPv4-translated
  '::ffff:0:127.0.0.1',
  '::ffff:0:7f00:1',
  '::ffff:0:169.254.169.254',
  '::ffff:0:a9fe:a9fe',
  '::ffff:0:8.8.8.8',
  '0:0:0:0:ffff:0:7f00:1',
  // IPv4-mapped, private inside
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
  '::ffff:192.168.1.1',
  '0:0:0:0:0:ffff:c0a8:101',
];

const lookup = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    guardedLookup(host, { all: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses as unknown as LookupAddress[]),
    ),
  );

describe('SSRF guard: IPv6 addresses that embed IPv4', () => {
  it.each(REFUSED)('refuses %s as an address', (ip) => {
    expect(isRefusedAddress(ip)).toBe(true);
  });

  it.each(REFUSED)('refuses http://[%s]/ as a URL', (ip) => {
    expect(() => assertUrlAllowed(new URL(`http://[${ip}]/x`))).toThrow(/private or reserved/);
  });

  it.each([
    'http://[::ffff:169.254.169.254]/latest/meta-data/',
    'http://[::169.254.169.254]/latest/meta-data/',
    'http://[::ffff:0:169.254.169.254]/latest/meta-data/',
    'https://[::127.0.0.1]:5432/',
    'https://[::ffff:0:7f00:1]:8443/x?y=1',
  ])('refuses %s', (url) => {
    expect(() => assertUrlAllowed(new URL(url))).toThrow(/private or reserved/);
  });

  it.each(REFUSED)('guardedLookup refuses an answer of %s', async (ip) => {
    await expect(lookup(ip)).rejects.toThrow(/private or reserved/);
  });

  it('still allows public IPv4 and IPv6, and public IPv4 mapped into IPv6', async () => {
    for (const ip of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808']) {
      expect(isRefusedAddress(ip), ip).toBe(false);
      expect(() => assertUrlAllowed(new URL(`http://${ip.includes(':') ? `[${ip}]` : ip}/`)), ip).not.toThrow();
    }
    await expect(lookup('8.8.8.8')).resolves.toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it('keeps honouring OUTBOUND_ALLOWLIST for a loopback sink written either way', () => {
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    try {
      expect(() => assertUrlAllowed(new URL('http://127.0.0.1:9/x'))).not.toThrow();
      expect(() => assertUrlAllowed(new URL('http://[::ffff:127.0.0.1]:9/x'))).not.toThrow();
    } finally {
      delete process.env.OUTBOUND_ALLOWLIST;
    }
  });
});
