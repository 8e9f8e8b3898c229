// Test support for the event pipeline: a real HTTP server in front of the
// tracking API (the production fast path, or the route handlers Next.js calls), a recording
// "destination" sink, and seeding of sources and destinations.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { getDb } from '@/lib/server/db';
import { generateWriteKey, hashWriteKey, writeKeyPrefix } from '@/lib/server/sources/write-keys';
import { sealSecrets } from '@/lib/server/destinations/secrets';
import { newHmacSecret } from '@/lib/server/destinations/protection/hashing';
import { importPublicKey } from '@/lib/crypto/keys';
import { invalidateIngestCache } from '@/lib/server/ingest/source-config';
import { invalidateDestinationRuntime } from '@/lib/server/destinations/runtime';
import { serveTrackingApi, trackingEndpoint } from '@/lib/server/ingest/node-http';
import * as routes from './pipeline-routes';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

function viaNodeFastPath(req: http.IncomingMessage, res: http.ServerResponse): void {
  const endpoint = trackingEndpoint(req.method, req.url);
  if (endpoint) void serveTrackingApi(req, res, endpoint);
  else res.writeHead(404).end();
}

async function viaNextRoutes(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handler = routes.byPath[url.pathname];
    if (!handler || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const response = await handler(new Request(url, { method: 'POST', headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch {
    res.writeHead(599).end();
  }
}

/**
 * A real HTTP server in front of the tracking API. `via: 'node'` (the default) is
 * the production server's fast path (lib/server/ingest/node-http.ts, what
 * scripts/server.mjs runs); `via: 'next'` goes node:http → Request → the app/v1/*
 * route handler → Response, the way Next.js calls them.
 */
export async function startIngestServer(opts: { via?: 'node' | 'next' } = {}): Promise<TestServer> {
  const server = http.createServer(opts.via === 'next' ? viaNextRoutes : viaNodeFastPath);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface SinkRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: unknown;
}
export type SinkReply = { status: number; headers?: Record<string, string>; body?: string };
export interface Sink extends TestServer {
  requests: SinkRequest[];
  /** Decides each answer; default 200. */
  reply: (req: SinkRequest, n: number) => SinkReply | Promise<SinkReply>;
  /** Distinct messageIds received with a 2xx answer (the sink dedups by messageId). */
  delivered: Map<string, unknown>;
}

function messagesOf(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  const b = body as { batch?: unknown; events?: unknown } | null;
  if (Array.isArray(b?.batch)) return b.batch as Record<string, unknown>[];
  if (Array.isArray(b?.events)) return b.events as Record<string, unknown>[];
  return b ? [b as Record<string, unknown>] : [];
}

function idOf(m: Record<string, unknown>): string | undefined {
  const p = m.properties as Record<string, unknown> | undefined;
  return (m.messageId ?? m.insert_id ?? p?.$insert_id) as string | undefined;
}

export async function startSink(): Promise<Sink> {
  let n = 0;
  const sink = {
    requests: [] as SinkRequest[],
    delivered: new Map<string, unknown>(),
    reply: (() => ({ status: 200 })) as Sink['reply'],
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const r: SinkRequest = { path: req.url ?? '/', headers: req.headers, raw, body };
    sink.requests.push(r);
    const answer = await sink.reply(r, n++);
    if (answer.status >= 200 && answer.status < 300)
      for (const m of messagesOf(body)) {
        const id = idOf(m);
        if (id) sink.delivered.set(id, m);
      }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

export interface SeededSource {
  workspaceId: string;
  sourceId: string;
  writeKey: string;
}

export async function seedSource(
  opts: { blockRed?: boolean; blockEventsWithoutConsent?: boolean } = {},
): Promise<SeededSource> {
  const db = await getDb();
  const ws = await db.workspace.create({
    data: {
      slug: `pipe-${randomUUID().slice(0, 8)}`,
      name: 'Pipeline Test',
      blockEventsWithoutConsent: opts.blockEventsWithoutConsent ?? false,
    },
  });
  const source = await db.source.create({
    data: { workspaceId: ws.id, name: 'Backend', type: 'http_api', blockRed: opts.blockRed ?? false },
  });
  const writeKey = generateWriteKey();
  await db.writeKey.create({
    data: {
      workspaceId: ws.id,
      sourceId: source.id,
      keyHash: hashWriteKey(writeKey),
      prefix: writeKeyPrefix(writeKey),
    },
  });
  invalidateIngestCache();
  return { workspaceId: ws.id, sourceId: source.id, writeKey };
}

export interface DestinationOpts {
  catalogId?: string;
  name?: string;
  settings?: Record<string, unknown>;
  secrets?: Record<string, string>;
  consentCategories?: string[];
  encrypt?: { fields: string[]; publicKeyPem: string };
  hash?: { fields: string[]; mode?: 'hmac' | 'sha256' };
  enabled?: boolean;
}

/** Creates a destination the way the console stores one; returns its id and (for hmac) the secret hex. */
export async function seedDestination(
  src: SeededSource,
  o: DestinationOpts,
): Promise<{ id: string; hmacHex?: string }> {
  const db = await getDb();
  const id = randomUUID();
  const hmac = o.hash && (o.hash.mode ?? 'hmac') === 'hmac' ? newHmacSecret(id) : null;
  await db.destination.create({
    data: {
      id,
      workspaceId: src.workspaceId,
      sourceId: src.sourceId,
      catalogId: o.catalogId ?? 'webhook',
      name: o.name ?? `Dest ${id.slice(0, 6)}`,
      enabled: o.enabled ?? true,
      settings: (o.settings ?? {}) as object,
      secretsEnc: sealSecrets(id, o.secrets ?? {}),
      consentCategories: o.consentCategories ?? [],
      encryptionEnabled: !!o.encrypt,
      encryptedFields: o.encrypt?.fields ?? [],
      hashingEnabled: !!o.hash,
      hashedFields: o.hash?.fields ?? [],
      hashMode: o.hash?.mode ?? 'hmac',
      hmacSecretEnc: hmac?.sealed ?? null,
    },
  });
  if (o.encrypt) {
    const k = importPublicKey(o.encrypt.publicKeyPem);
    await db.encryptionKey.create({
      data: {
        workspaceId: src.workspaceId,
        destinationId: id,
        publicKeyPem: o.encrypt.publicKeyPem,
        fingerprint: k.fingerprint,
        modulusBits: k.modulusBits,
        origin: 'byok',
      },
    });
  }
  invalidateIngestCache();
  invalidateDestinationRuntime();
  return { id, hmacHex: hmac?.shown.value };
}

export function basic(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

/** The tracking API's JSON answer: `{ success: true }`, or an error body (read `error` only on an error status). */
export interface TrackingAnswer {
  success?: boolean;
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

export async function post(
  server: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: TrackingAnswer; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as TrackingAnswer, headers: res.headers };
}
