// Helpers for the function-runtime tests: a real HTTP sink on a free loopback port and a
// RunInput builder with a fresh version id per function (the runtime pool is process-wide).
import http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { clearSandboxPool, type FunctionKind, type RunInput } from '@/lib/server/functions/sandbox';

export interface SinkRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type SinkHandler = (req: SinkRequest, res: http.ServerResponse) => void;

export interface Sink {
  url: string;
  requests: SinkRequest[];
  setHandler(h: SinkHandler): void;
  close(): Promise<void>;
}

const defaultHandler: SinkHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-sink': 'yes' });
  res.end(JSON.stringify({ received: true }));
};

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  let handler = defaultHandler;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A sink for the whole file, with loopback allowed through the SSRF guard while the file runs
 * (the setting is restored afterwards). The returned object delegates to the sink once
 * `beforeAll` has started it; with `clearPool` the sandbox pool is emptied at the end.
 */
export function useLoopbackSink(opts: { clearPool?: boolean } = {}): Sink {
  let sink: Sink | undefined;
  const previousAllowlist = process.env.OUTBOUND_ALLOWLIST;
  const started = () => {
    if (!sink) throw new Error('the sink starts in beforeAll');
    return sink;
  };
  beforeAll(async () => {
    process.env.OUTBOUND_ALLOWLIST = '127.0.0.1';
    sink = await startSink();
  });
  afterAll(async () => {
    if (previousAllowlist === undefined) delete process.env.OUTBOUND_ALLOWLIST;
    else process.env.OUTBOUND_ALLOWLIST = previousAllowlist;
    if (opts.clearPool) clearSandboxPool();
    await sink?.close();
  });
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    setHandler: (h) => started().setHandler(h),
    close: () => started().close(),
  };
}

/** A deployed function: each call of `fn` is a distinct version, so tests never share runtimes by accident. */
export function deploy(code: string, kind: FunctionKind = 'destination', instanceKey = 'instance-1') {
  const versionId = `test-${randomUUID()}`;
  return (
    event: Record<string, unknown>,
    settings: Record<string, unknown> = {},
    extra: Partial<RunInput> = {},
  ): RunInput => ({
    versionId,
    code,
    kind,
    instanceKey,
    event,
    settings,
    ...extra,
  });
}

export const track = (properties: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Test Event',
  messageId: randomUUID(),
  properties,
  ...rest,
});

/** The same deployed function as `deploy`'s, for runMany: every field of the input but the event. */
export function batchOf(input: RunInput): Omit<RunInput, 'event'> {
  const rest: Partial<RunInput> = { ...input };
  delete rest.event;
  return rest as Omit<RunInput, 'event'>;
}
