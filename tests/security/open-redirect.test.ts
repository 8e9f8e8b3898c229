// `/login?next=…` after sign-in: only a same-origin path is ever followed.
// `next` arrives decoded (URLSearchParams), as the sign-in page and form see it.
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/sessions/safe-next';

const ORIGIN = 'https://console.example';
const next = (query: string) => new URLSearchParams(query).get('next');

// Every form the probe and the usual bypass lists use; each must fall back to '/'.
const HOSTILE: [string, string][] = [
  ['backslash', '/%5Cevil.example/x'],
  ['backslash, raw', '/\\evil.example/x'],
  ['two backslashes', '/%5C%5Cevil.example/x'],
  ['slash backslash slash', '/%5C/evil.example/x'],
  ['tab', '/%09/evil.example/x'],
  ['newline', '/%0A/evil.example/x'],
  ['carriage return', '/%0D/evil.example/x'],
  ['tab, leading', '%09//evil.example/x'],
  ['space, leading', '%20//evil.example/x'],
  ['encoded slash', '/%2Fevil.example/x'],
  ['encoded slashes', '%2F%2Fevil.example/x'],
  ['protocol-relative', '//evil.example/x'],
  ['protocol-relative, three slashes', '///evil.example/x'],
  ['backslashes only', '%5C%5Cevil.example/x'],
  ['mixed slash backslash', '/%5C/%5Cevil.example'],
  ['absolute https', 'https://evil.example/x'],
  ['userinfo trick', 'https://console.example@evil.example/'],
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['javascript:, mixed case and tab', 'JaVa%09ScRiPt:alert(1)'],
  ['javascript:, leading space', '%20javascript:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['data:, base64', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['file:', 'file:///etc/passwd'],
  ['same host, other port', 'https://console.example:8443/x'],
  ['same host, other scheme', 'http://console.example/x'],
];

describe('safeNextPath', () => {
  it.each(HOSTILE)('%s (%s) falls back to /', (_name, raw) => {
    expect(safeNextPath(next(`next=${raw}`), ORIGIN)).toBe('/');
  });

  it.each(HOSTILE)('%s (%s) never leaves the origin when followed', (_name, raw) => {
    const target = safeNextPath(next(`next=${raw}`), ORIGIN);
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
  });

  it.each<[string, string]>([
    ['/w/123/overview', '/w/123/overview'],
    ['/invite/abc?x=1#y', '/invite/abc?x=1#y'],
    ['/account/security', '/account/security'],
    ['w/relative', '/w/relative'],
    ['/a/../b', '/b'],
    // Scheme without slashes: a relative path on our origin, as the browser reads it too.
    ['https:evil.example', '/evil.example'],
    // A same-origin absolute URL is fine, reduced to its path.
    ['https://console.example/w/1/audit?from=x', '/w/1/audit?from=x'],
    // …but its path must not become a protocol-relative reference.
    ['https://console.example//evil.example/x', '/evil.example/x'],
    ['https://console.example/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps the same-origin path %s as %s', (raw, expected) => {
    expect(safeNextPath(raw, ORIGIN)).toBe(expected);
  });

  it('falls back when next is missing or empty, or the origin is unusable', () => {
    expect(safeNextPath(null, ORIGIN)).toBe('/');
    expect(safeNextPath(undefined, ORIGIN)).toBe('/');
    expect(safeNextPath('', ORIGIN, '/home')).toBe('/home');
    expect(safeNextPath('/x', 'not an origin')).toBe('/');
  });

  it('every result is a single-slash path on the origin, for any input', () => {
    const samples = ['/', '//', '/\\', '\\/', '/\t/', ' /', '/%2e%2e/', '?x', '#y', '.', '..', 'x:y', '\u0000/'];
    for (const a of samples)
      for (const b of samples) {
        const out = safeNextPath(a + 'evil.example' + b, ORIGIN);
        expect(out.startsWith('/') && !/^\/[/\\]/.test(out), `${JSON.stringify(a + b)} → ${out}`).toBe(true);
        expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
      }
  });
});
