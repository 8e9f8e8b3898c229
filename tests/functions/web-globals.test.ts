// URL, URLSearchParams, Headers, Response and the timers, against Node's own where Node has them.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearSandboxPool, runFunction } from '@/lib/server/functions/sandbox';
import { deploy, track } from '@/tests/functions/support';

afterAll(() => clearSandboxPool());

const PARTS = [
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
] as const;

describe('URL and URLSearchParams match Node', () => {
  const fn = deploy(`function onTrack(event) {
    const parts = ${JSON.stringify(PARTS)};
    const attempt = (f) => { try { return f() } catch (e) { return 'throws ' + e.name } };
    return {
      urls: event.properties.urls.map((u) => attempt(() => { const x = new URL(u); return parts.map((p) => x[p]) })),
      relative: event.properties.urls.map((u) => attempt(() => new URL('../a/./b?c=d#e', u).href)),
      params: event.properties.pairs.map((pairs) => {
        const sp = new URLSearchParams(pairs);
        return [sp.toString(), [...sp], new URLSearchParams(sp.toString()).toString(), [...new URLSearchParams(sp.toString())]];
      }),
      edits: event.properties.urls.map((u) => attempt(() => {
        const x = new URL(u);
        x.searchParams.append('k', 'v w');
        x.pathname = '/p q';
        x.hash = 'h';
        return x.href;
      })),
    };
  }`);

  it('on generated URLs and query pairs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 20 })),
          { maxLength: 8 },
        ),
        fc.array(
          fc.array(
            fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 })),
            { maxLength: 4 },
          ),
          { maxLength: 5 },
        ),
        async (urls, pairs) => {
          const attempt = (f: () => unknown) => {
            try {
              return f();
            } catch (e) {
              return `throws ${(e as Error).name}`;
            }
          };
          const r = await runFunction(fn(track({ urls, pairs })));
          expect(r.returned).toEqual({
            urls: urls.map((u) =>
              attempt(() => {
                const x = new URL(u);
                return PARTS.map((p) => x[p]);
              }),
            ),
            relative: urls.map((u) => attempt(() => new URL('../a/./b?c=d#e', u).href)),
            params: pairs.map((p) => {
              const sp = new URLSearchParams(p);
              return [
                sp.toString(),
                [...sp],
                new URLSearchParams(sp.toString()).toString(),
                [...new URLSearchParams(sp.toString())],
              ];
            }),
            edits: urls.map((u) =>
              attempt(() => {
                const x = new URL(u);
                x.searchParams.append('k', 'v w');
                x.pathname = '/p q';
                x.hash = 'h';
                return x.href;
              }),
            ),
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps a URL and its searchParams in step', async () => {
    const code = deploy(`function onTrack() {
      const u = new URL('https://user:pw@example.com:8443/path?a=1&b=2&a=3#frag');
      const sp = u.searchParams;
      const seen = [sp.get('a'), sp.getAll('a'), sp.has('b'), sp.size];
      sp.delete('a');
      sp.set('c', 'x&y');
      sp.sort();
      u.search = sp.toString() + '&d=4';
      return { seen, href: u.href, after: [...u.searchParams.keys()], json: JSON.stringify({ u }), canParse: [URL.canParse('nope'), URL.canParse('/x', 'https://a.b')] };
    }`);
    const u = new URL('https://user:pw@example.com:8443/path?a=1&b=2&a=3#frag');
    const sp = u.searchParams;
    const seen = [sp.get('a'), sp.getAll('a'), sp.has('b'), sp.size];
    sp.delete('a');
    sp.set('c', 'x&y');
    sp.sort();
    u.search = sp.toString() + '&d=4';
    expect((await runFunction(code(track()))).returned).toEqual({
      seen,
      href: u.href,
      after: [...u.searchParams.keys()],
      json: JSON.stringify({ u }),
      canParse: [false, true],
    });
  });
});

describe('Headers, Response and timers', () => {
  it('behave as in fetch', async () => {
    const fn = deploy(`async function onTrack() {
      const h = new Headers({ 'Content-Type': 'text/plain' });
      h.append('X-A', '1');
      h.append('x-a', '2');
      h.set('X-B', ' trimmed ');
      const res = new Response('{"n":1}', { status: 404, statusText: 'Nope', headers: h });
      const clone = res.clone();
      const order = [];
      const t1 = setTimeout(() => order.push('cleared'), 5);
      clearTimeout(t1);
      setTimeout((a, b) => order.push('timer ' + a + b), 20, 'x', 'y');
      queueMicrotask(() => order.push('microtask'));
      order.push('sync');
      await new Promise((resolve) => setTimeout(resolve, 40));
      let invalid;
      try { new Headers({ 'bad header': 'x' }) } catch (e) { invalid = e.name }
      return {
        headers: [...h], get: h.get('x-a'), has: h.has('X-B'),
        res: [res.ok, res.status, res.statusText, await res.json(), res.bodyUsed],
        clone: await clone.text(), reread: await res.text().catch((e) => e.name), order, invalid,
      };
    }`);
    const r = await runFunction(fn(track()));
    expect(r.returned).toEqual({
      headers: [
        ['content-type', 'text/plain'],
        ['x-a', '1, 2'],
        ['x-b', 'trimmed'],
      ],
      get: '1, 2',
      has: true,
      res: [false, 404, 'Nope', { n: 1 }, true],
      clone: '{"n":1}',
      reread: 'TypeError',
      order: ['sync', 'microtask', 'timer xy'],
      invalid: 'TypeError',
    });
  });
});
