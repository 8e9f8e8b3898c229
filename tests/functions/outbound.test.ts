// requestOutbound (what the sandbox's fetch uses) and postOutbound as a thin call of it.
import { describe, expect, it } from 'vitest';
import { postOutbound, requestOutbound } from '@/lib/server/outbound/http-client';
import { useLoopbackSink } from '@/tests/functions/support';

const sink = useLoopbackSink();

describe('requestOutbound', () => {
  it('sends any method with headers and a body, and answers status, text and headers', async () => {
    sink.setHandler((req, res) => {
      res.writeHead(202, 'Accepted Later', { 'x-echo': req.method });
      res.end(`${req.method} ${req.body}`);
    });
    const r = await requestOutbound(
      new URL(`${sink.url}/put`),
      { method: 'PUT', headers: { 'x-a': '1' }, body: new Uint8Array([104, 105]) },
      2000,
    );
    expect(r).toMatchObject({ status: 202, statusText: 'Accepted Later', body: 'PUT hi', truncated: false });
    expect(r.headers['x-echo']).toBe('PUT');
    const got = sink.requests.at(-1)!;
    expect(got.headers).toMatchObject({
      'x-a': '1',
      'content-length': '2',
      'user-agent': 'PrivacyConsole-Delivery/1.0',
    });
    const get = await requestOutbound(new URL(`${sink.url}/get`), { method: 'GET' }, 2000);
    expect(get.body).toBe('GET ');
    expect(sink.requests.at(-1)!.headers['content-length']).toBeUndefined();
  });

  it('caps the kept body and aborts on a signal', async () => {
    sink.setHandler((_req, res) => res.end('z'.repeat(10_000)));
    const capped = await requestOutbound(new URL(sink.url), { method: 'GET' }, 2000, { maxResponseBytes: 100 });
    expect(capped.body).toBe('z'.repeat(100));
    expect(capped.truncated).toBe(true);
    sink.setHandler(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = requestOutbound(new URL(sink.url), { method: 'GET' }, 5000, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    await expect(pending).rejects.toThrow('stop now');
  });

  it('refuses private addresses before connecting', () => {
    expect(() => requestOutbound(new URL('http://169.254.169.254/'), { method: 'GET' }, 1000)).toThrow(
      /Refused to connect/,
    );
    expect(() => requestOutbound(new URL('file:///etc/passwd'), { method: 'GET' }, 1000)).toThrow(
      /Only http and https/,
    );
  });
});

describe('postOutbound', () => {
  it('POSTs JSON with the delivery user agent, does not follow redirects and caps the body at 16 KB', async () => {
    sink.setHandler((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(307, { location: '/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(200);
      res.end('b'.repeat(20_000));
    });
    const r = await postOutbound(new URL(`${sink.url}/in`), '{"a":1}', { authorization: 'Basic x' }, 2000);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(16 * 1024);
    expect(sink.requests.at(-1)).toMatchObject({ method: 'POST', url: '/in', body: '{"a":1}' });
    expect(sink.requests.at(-1)!.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '7',
      'user-agent': 'PrivacyConsole-Delivery/1.0',
      authorization: 'Basic x',
    });
    const before = sink.requests.length;
    const redirected = await postOutbound(new URL(`${sink.url}/redirect`), '{}', {}, 2000);
    expect(redirected.status).toBe(307);
    expect(sink.requests.length).toBe(before + 1);
  });
});
