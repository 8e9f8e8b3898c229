// A local "destination" for benchmarks and reliability runs, in its own process
// so its CPU is not charged to the load generator. It answers 200 to every POST
// and counts distinct messageIds per path (it dedups, as a real receiver keyed by
// messageId would). GET /__stats → { requests, paths: { "/hook/a": distinctCount } }.
// GET /__ids?path=/hook/a → the distinct messageIds seen on that path.
// Usage: node bench/support/sink.mjs <port>
import http from 'node:http';

const port = Number(process.argv[2] ?? 3421);
const seen = new Map();
let requests = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const url = new URL(req.url, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/__stats') {
      res.end(JSON.stringify({ requests, paths: Object.fromEntries([...seen].map(([p, s]) => [p, s.size])) }));
    } else if (url.pathname === '/__ids') {
      res.end(JSON.stringify([...(seen.get(url.searchParams.get('path')) ?? [])]));
    } else res.writeHead(404).end('{}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    let set = seen.get(req.url);
    if (!set) seen.set(req.url, (set = new Set()));
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const list = Array.isArray(body) ? body : Array.isArray(body.batch) ? body.batch : [body];
      for (const m of list) if (m && m.messageId) set.add(m.messageId);
    } catch {
      /* counted as a request only */
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
