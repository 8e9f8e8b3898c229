// fetch() from the sandbox against a real loopback HTTP sink, through the SSRF guard.
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFunction, sandboxPoolStats } from '@/lib/server/functions/sandbox';
import { deploy, track, useLoopbackSink } from '@/tests/functions/support';

const sink = useLoopbackSink({ clearPool: true });

describe('fetch', () => {
  it('in capture mode (Preview) records what would be sent and sends nothing', async () => {
    const before = sink.requests.length;
    const fn = deploy(`async function onTrack(event, settings) {
      const res = await fetch(settings.url + '/capture', { method: 'POST', body: JSON.stringify({ email: event.properties.email }) });
      return { ok: res.ok, status: res.status, text: await res.text() };
    }`);
    const r = await runFunction({
      ...fn(track({ email: 'pat@example.com' }), { url: sink.url }),
      limits: { captureFetch: true },
    });
    expect(r.outcome).toBe('ok');
    expect(r.returned).toEqual({ ok: true, status: 200, text: '' });
    expect(r.fetches).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: `${sink.url}/capture`,
        status: 200,
        requestBody: '{"email":"pat@example.com"}',
      }),
    ]);
    expect(sink.requests.length).toBe(before);
    // A live call of the same function does send, and records the request body too.
    const live = await runFunction(fn(track({ email: 'pat@example.com' }), { url: sink.url }));
    expect(live.fetches[0]).toMatchObject({ status: 200, requestBody: '{"email":"pat@example.com"}' });
    expect(sink.requests.length).toBe(before + 1);
  });

  it('POSTs to the sink and records method, URL, status and the response body', async () => {
    sink.setHandler((_req, res) => {
      res.writeHead(201, 'Created Here', { 'content-type': 'application/json', 'x-trace': 'abc' });
      res.end(JSON.stringify({ stored: true, pad: 'p'.repeat(5000) }));
    });
    const fn = deploy(`async function onTrack(event, settings) {
      const res = await fetch(settings.url + '/events?source=fn', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': settings.key },
        body: JSON.stringify({ id: event.messageId }),
      });
      const body = await res.json();
      return { ok: res.ok, status: res.status, statusText: res.statusText, trace: res.headers.get('X-Trace'),
        type: res.headers.get('content-type'), stored: body.stored, used: res.bodyUsed };
    }`);
    const event = track();
    const r = await runFunction(fn(event, { url: sink.url, key: 'k-123' }));
    expect(r.outcome).toBe('ok');
    expect(r.returned).toEqual({
      ok: true,
      status: 201,
      statusText: 'Created Here',
      trace: 'abc',
      type: 'application/json',
      stored: true,
      used: true,
    });
    const got = sink.requests.at(-1)!;
    expect(got).toMatchObject({
      method: 'POST',
      url: '/events?source=fn',
      body: JSON.stringify({ id: event.messageId }),
    });
    expect(got.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': 'k-123',
      'user-agent': 'PrivacyConsole-Functions/1.0',
    });
    expect(r.fetches).toHaveLength(1);
    expect(r.fetches[0]).toMatchObject({ method: 'POST', url: `${sink.url}/events?source=fn`, status: 201 });
    expect(r.fetches[0]!.responseBody).toHaveLength(2048);
    expect(r.fetches[0]!.responseBody!.startsWith('{"stored":true')).toBe(true);
    expect(r.fetches[0]!.durationMs).toBeGreaterThan(0);
  });

  it('sends GET and HEAD, Headers instances, URL objects and form bodies', async () => {
    sink.setHandler((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : `echo ${req.method} ${req.url}`);
    });
    const fn = deploy(`async function onTrack(event, settings) {
      const u = new URL('/lookup', settings.url);
      u.searchParams.set('email', 'a b@example.com');
      const h = new Headers([['Accept', 'text/plain']]);
      h.append('X-Multi', 'one');
      h.append('X-Multi', 'two');
      const get = await fetch(u, { headers: h });
      const head = await fetch(settings.url + '/head', { method: 'HEAD' });
      const form = await fetch(settings.url + '/form', { method: 'PUT', body: new URLSearchParams({ a: '1', b: 'x y' }) });
      let bodyOnGet;
      try { await fetch(settings.url, { method: 'GET', body: 'x' }) } catch (e) { bodyOnGet = e.name + ': ' + e.message }
      return [await get.text(), head.status, await head.text(), await form.text(), bodyOnGet];
    }`);
    const before = sink.requests.length;
    const r = await runFunction(fn(track(), { url: sink.url }));
    expect(r.returned).toEqual([
      'echo GET /lookup?email=a+b%40example.com',
      200,
      '',
      'echo PUT /form',
      'TypeError: Request with GET/HEAD method cannot have body.',
    ]);
    const [get, head, form] = sink.requests.slice(before);
    expect(get!.headers).toMatchObject({ accept: 'text/plain', 'x-multi': 'one, two' });
    expect(head!.method).toBe('HEAD');
    expect(form).toMatchObject({ method: 'PUT', body: 'a=1&b=x+y' });
    expect(form!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(r.fetches.map((f) => [f.method, f.status])).toEqual([
      ['GET', 200],
      ['HEAD', 200],
      ['PUT', 200],
    ]);
  });

  it('does not follow redirects', async () => {
    sink.setHandler((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/target' });
        res.end();
      } else {
        res.writeHead(200);
        res.end('target');
      }
    });
    const fn = deploy(`async function onTrack(event, settings) {
      const res = await fetch(settings.url + '/moved');
      return { status: res.status, ok: res.ok, location: res.headers.get('location'), redirected: res.redirected };
    }`);
    const before = sink.requests.length;
    const r = await runFunction(fn(track(), { url: sink.url }));
    expect(r.returned).toEqual({ status: 302, ok: false, location: '/target', redirected: false });
    expect(sink.requests.slice(before).map((q) => q.url)).toEqual(['/moved']);
  });

  it('refuses the cloud metadata address, and the call ends failed even when the code throws RetryError', async () => {
    const fn = deploy(`
      async function onTrack() {
        try { await fetch('http://169.254.169.254/latest/meta-data') } catch (error) { throw new RetryError(error.message) }
      }
      async function onIdentify() {
        try { await fetch('http://169.254.169.254/latest/meta-data'); return 'fetched' } catch (error) { return 'recovered: ' + error.message }
      }`);
    const r = await runFunction(fn(track()));
    expect(r.outcome).toBe('failed');
    expect(r.errorType).toBe('FetchRefused');
    expect(r.message).toMatch(/Refused to connect: 169\.254\.169\.254 resolves to a private or reserved address/);
    expect(r.fetches).toEqual([
      expect.objectContaining({
        url: 'http://169.254.169.254/latest/meta-data',
        status: null,
        error: expect.stringMatching(/Refused/),
      }),
    ]);
    const recovered = await runFunction(fn({ type: 'identify' }));
    expect(recovered.outcome).toBe('ok');
    expect(recovered.returned).toMatch(/^recovered: fetch failed: Refused to connect/);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const port = new URL(sink.url).port;
    const fn = deploy(`async function onTrack(event, settings) {
      try { await fetch('http://localhost:' + settings.port + '/'); return 'reached' } catch (e) { throw new RetryError(e.message) }
    }`);
    process.env.OUTBOUND_ALLOWLIST = '';
    try {
      const before = sink.requests.length;
      const r = await runFunction(fn(track(), { port }));
      expect(r).toMatchObject({
        outcome: 'failed',
        errorType: 'FetchRefused',
        message: expect.stringMatching(/localhost resolves to a private or reserved address/),
      });
      expect(sink.requests.length).toBe(before);
    } finally {
      process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    }
  });

  it('retries a connection error (not a policy refusal)', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const fn = deploy(`async function onTrack(event, settings) {
      try { await fetch('http://127.0.0.1:' + settings.port + '/') } catch (error) { throw new RetryError(error.message) }
    }`);
    const r = await runFunction(fn(track(), { port }));
    expect(r).toMatchObject({
      outcome: 'retry',
      errorType: 'RetryError',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('caps the number of fetches per call', async () => {
    sink.setHandler((_req, res) => res.end('ok'));
    const fn = deploy(`async function onTrack(event, settings) {
      const results = [];
      for (let i = 0; i < 12; i++) {
        try { results.push((await fetch(settings.url + '/n' + i)).status) } catch (e) { results.push(e.message) }
      }
      if (event.properties.retry) throw new RetryError('give up');
      return results;
    }`);
    const r = await runFunction(fn(track(), { url: sink.url }));
    const results = r.returned as unknown[];
    expect(results.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(results.slice(10)).toEqual(Array(2).fill('fetch failed: at most 10 requests are allowed per call'));
    expect(r.fetches).toHaveLength(12);
    const retried = await runFunction(fn(track({ retry: true }), { url: sink.url }));
    expect(retried).toMatchObject({
      outcome: 'failed',
      errorType: 'FetchRefused',
      message: 'at most 10 requests are allowed per call',
    });
  });

  it('bounds a fetch by its own timeout and by the call deadline', async () => {
    sink.setHandler(() => {
      // Never answers: the request stays open until the client gives up.
    });
    const fn = deploy(`async function onTrack(event, settings) {
      try { await fetch(settings.url + '/slow'); return 'answered' } catch (e) { return 'caught: ' + e.message }
    }`);
    const own = await runFunction(fn(track(), { url: sink.url }, { limits: { timeoutMs: 3000, fetchTimeoutMs: 300 } }));
    expect(own.returned).toBe('caught: fetch failed: No response within 300 ms.');
    expect(own.durationMs).toBeLessThan(2500);
    // With only the call deadline, the fetch gets what is left of it (5 s fetch timeout, 400 ms call):
    // whichever fires first, the call is over in about 400 ms.
    const uncaught = deploy(
      `async function onTrack(event, settings) { await fetch(settings.url + '/slow'); return 'answered' }`,
    );
    const started = Date.now();
    const deadline = await runFunction(uncaught(track(), { url: sink.url }, { limits: { timeoutMs: 400 } }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(deadline.outcome).toBe('failed');
    if (deadline.errorType === 'TimeLimit') expect(deadline.message).toBe('Function exceeded its 400 ms time limit');
    else expect(Number(/No response within (\d+) ms/.exec(deadline.message ?? '')?.[1])).toBeLessThanOrEqual(400);
    sink.setHandler((_req, res) => res.end('ok'));
  });

  it('runs concurrent calls of one function side by side while they await fetch', async () => {
    sink.setHandler((req, res) => {
      setTimeout(() => res.end(req.url), 250);
    });
    const fn = deploy(`
      let calls = 0;
      async function onTrack(event, settings) {
        calls++;
        const mine = event.properties.n;
        const res = await fetch(settings.url + '/c' + mine);
        return { mine, echoed: await res.text(), sameEvent: event.properties.n === mine };
      }`);
    const started = Date.now();
    const results = await Promise.all([0, 1, 2, 3].map((n) => runFunction(fn(track({ n }), { url: sink.url }))));
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.returned)).toEqual(
      [0, 1, 2, 3].map((n) => ({ mine: n, echoed: `/c${n}`, sameEvent: true })),
    );
    // Four 250 ms requests in well under 4 × 250 ms: they overlapped on separate runtimes.
    expect(elapsed).toBeLessThan(1000);
    expect(sandboxPoolStats().busy).toBe(0);
    sink.setHandler((_req, res) => res.end('ok'));
  });
});
