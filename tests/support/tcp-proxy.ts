// A TCP proxy in front of Postgres that a test can "stop" and "start": stopping
// destroys every open connection and refuses new ones, which is what clients see
// when the Postgres server restarts. `blackhole` accepts but forwards nothing,
// to hold a request in flight.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  stop(): void;
  start(): void;
  blackhole(on: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepting = true;
  let hole = false;
  const server = net.createServer((client) => {
    if (!accepting) {
      client.destroy();
      return;
    }
    sockets.add(client);
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(upstream);
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on('data', (d) => {
        if (!hole) to.write(d);
      });
    pipe(client, upstream);
    pipe(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stop() {
      accepting = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    start() {
      accepting = true;
      hole = false;
    },
    blackhole(on) {
      hole = on;
    },
    close: () =>
      new Promise<void>((r) => {
        accepting = false;
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
