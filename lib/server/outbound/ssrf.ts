import 'server-only';
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Outbound URLs are customer input: without a guard, a webhook pointed at
// http://169.254.169.254/ or http://localhost:5432 turns the worker into a proxy
// into our own network. Every address a host name resolves to is checked, and the
// connection is made to the checked address (the check runs inside the socket's
// own DNS lookup), so a DNS answer that changes between check and connect
// (rebinding) cannot slip through.
//
// OUTBOUND_ALLOWLIST: comma-separated host names, IPs or CIDRs that may resolve
// to otherwise refused ranges (tests use it for a loopback sink).

const DENY = new BlockList();
const V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
// IPv4-mapped addresses (::ffff:0:0/96, e.g. ::ffff:7f00:1) are judged by the IPv4
// rules above: BlockList does that itself, and a /96 rule for them here would match
// every IPv4 address. The other IPv4-embedding forms are refused whole, whatever
// address they carry: IPv4-compatible (::/96, deprecated; ::127.0.0.1 is ::7f00:1,
// which some stacks still route to 127.0.0.1) and IPv4-translated (::ffff:0:0:0/96,
// SIIT), neither of which a public webhook has any reason to use.
const V6: [string, number][] = [
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];
for (const [a, p] of V4) DENY.addSubnet(a, p, 'ipv4');
for (const [a, p] of V6) DENY.addSubnet(a, p, 'ipv6');

export class SsrfError extends Error {
  readonly code = 'ERR_SSRF_REFUSED';
}

interface Allowlist {
  hosts: Set<string>;
  addresses: BlockList;
  raw: string;
  /** Literal-IP hosts already found allowed under this allowlist (refusals are not kept). */
  allowedLiterals: Set<string>;
}
let allow: Allowlist | null = null;

function allowlist(): Allowlist {
  const raw = process.env.OUTBOUND_ALLOWLIST ?? '';
  if (allow && allow.raw === raw) return allow;
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const item of raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const [addr, bits] = item.split('/');
    const family = isIP(addr ?? '');
    if (family && bits !== undefined) addresses.addSubnet(addr!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    else if (family) addresses.addAddress(addr!, family === 4 ? 'ipv4' : 'ipv6');
    else hosts.add(item.replace(/^\[|\]$/g, ''));
  }
  allow = { hosts, addresses, raw, allowedLiterals: new Set() };
  return allow;
}

/** ::ffff:10.0.0.1 is 10.0.0.1 on the wire; judge it as IPv4. */
function unmap(ip: string): { ip: string; family: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return { ip: m[1]!, family: 'ipv4' };
  return { ip, family: isIP(ip) === 4 ? 'ipv4' : 'ipv6' };
}

/** True when `ip` is private, loopback, link-local, ULA, metadata or otherwise non-public. */
export function isRefusedAddress(ip: string): boolean {
  const u = unmap(ip);
  return DENY.check(u.ip, u.family);
}

function allowed(host: string, ip: string): boolean {
  const a = allowlist();
  if (a.hosts.has(host.toLowerCase())) return true;
  const u = unmap(ip);
  return a.addresses.check(u.ip, u.family) || a.addresses.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** Throws SsrfError unless the address may be contacted for this host. */
export function assertAddressAllowed(host: string, ip: string): void {
  if (isRefusedAddress(ip) && !allowed(host, ip)) {
    throw new SsrfError(`Refused to connect: ${host} resolves to a private or reserved address.`);
  }
}

/** A drop-in `lookup` for sockets (http.Agent) that refuses private answers. */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const opts = options as { all?: boolean; family?: number | string };
  const family = opts.family === 'IPv4' || opts.family === 4 ? 4 : opts.family === 'IPv6' || opts.family === 6 ? 6 : 0;
  dnsLookup(hostname, { family, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    try {
      for (const a of addresses) assertAddressAllowed(hostname, a.address);
    } catch (e) {
      return callback(e as NodeJS.ErrnoException, '');
    }
    if (opts.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    callback(null, first.address, first.family);
  });
};

/** Literal-IP hosts never reach a lookup, so they are checked here. */
export function assertUrlAllowed(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SsrfError('Only http and https URLs can be called.');
  if (url.username || url.password) throw new SsrfError('Credentials in the URL are not allowed.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) return;
  // The verdict for a literal address only changes with the allowlist; remembering it
  // saves three BlockList lookups on every send to the same host.
  const known = allowlist().allowedLiterals;
  if (known.has(host)) return;
  assertAddressAllowed(host, host);
  if (known.size < 1000) known.add(host);
}
