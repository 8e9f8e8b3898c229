// A loopback HTTP receiver standing in for the vendor behind a Destination Function
// (the recipe's Mixpanel). The e2e server reaches 127.0.0.1 because playwright.config.ts
// puts it on OUTBOUND_ALLOWLIST; every other private address stays refused.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  close: () => Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Not JSON: kept as text.
    }
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('1');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
