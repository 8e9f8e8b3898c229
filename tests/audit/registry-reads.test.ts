// Walks the route registry: every PHI-bearing read, called once as the owner,
// must succeed and write exactly one audit row of its declared event type. API
// routes are called as Next calls them; pages are rendered through their
// exported component (the async server component, with its params).
import { isValidElement } from 'react';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, testMeta } from '@/tests/support/ctx';
import { seedDemo } from '@/lib/server/seed/demo';
import { createSession } from '@/lib/server/sessions/sessions';
import { createDestination } from '@/lib/server/destinations/create';
import { loadRouteRegistry, type RegistryEntry } from '@/tests/support/route-registry';
import type { AuditEventType } from '@/lib/audit-events';

// Pages read the request through next/headers; here it is the owner's signed-in request.
const request = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': '127.0.0.1' }),
  cookies: async () => ({
    get: (name: string) => (name in request.cookies ? { name, value: request.cookies[name] } : undefined),
  }),
}));

const db = useServerDb();
const OWNER = 'owner@sunshine-health.example';

interface Fixture {
  workspaceId: string;
  sourceId: string;
  destinationId: string;
  fieldId: string;
  eventId: string;
  deliveryId: string;
}
interface Probe {
  body?: unknown;
}

// How to call each PHI-bearing API read. A new phi-read route needs a probe here.
const PROBES: Record<string, (f: Fixture) => Probe> = {
  'GET /api/workspaces/[workspaceId]/audit': () => ({}),
  'GET /api/workspaces/[workspaceId]/audit/export': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/encryption': () => ({}),
  'POST /api/workspaces/[workspaceId]/destinations/[destinationId]/preview': () => ({
    body: { event: { type: 'track', event: 'Visit', properties: { email: 'p@example.test' } } },
  }),
  'POST /api/workspaces/[workspaceId]/privacy/samples': (f) => ({ body: { fieldIds: [f.fieldId] } }),
  'GET /api/workspaces/[workspaceId]/privacy/inventory/export': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/[deliveryId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]/raw': () => ({}),
  'POST /api/workspaces/[workspaceId]/functions/test': (f) => ({
    body: {
      kind: 'insert',
      code: 'function onTrack(event) { return event; }',
      sample: { sourceId: f.sourceId, eventId: f.eventId },
    },
  }),
};

type Read = RegistryEntry & { event: AuditEventType };
type RouteRead = Read & { method: Exclude<RegistryEntry['method'], 'PAGE'> };
type PageRead = Read & { method: 'PAGE' };
// Collected at import time so it.each can name one test per read.
const { entries } = await loadRouteRegistry();
const reads = entries.flatMap((e): Read[] => (e.audit.kind === 'phi-read' ? [{ ...e, event: e.audit.event }] : []));
const routeReads = reads.filter((r): r is RouteRead => r.method !== 'PAGE');
const pageReads = reads.filter((r): r is PageRead => r.method === 'PAGE');

let fx: Fixture;
let cookie: string;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_registry_reads' });
  const ctx = await ctxFor(OWNER, 'sunshine-health');
  const prisma = db.current.prisma;
  const source = await prisma.source.findFirstOrThrow({ where: { workspaceId: ctx.workspace.id } });
  const { view: destination } = await createDestination(ctx, {
    catalogId: 'webhook',
    sourceId: source.id,
    name: 'Registry probe',
    settings: { url: 'https://hooks.example.com/in', sharedSecret: 'registry-probe-secret' },
    enabled: false,
  });
  const field = await prisma.observedField.create({
    data: { workspaceId: ctx.workspace.id, keyPath: 'properties.email', normalizedKey: 'email' },
  });
  const payload = {
    type: 'track',
    event: 'Visit',
    userId: 'patient-1',
    messageId: 'registry-probe',
    properties: { email: 'p@example.test' },
  };
  const event = await prisma.event.create({
    data: {
      workspaceId: ctx.workspace.id,
      sourceId: source.id,
      messageId: 'registry-probe',
      type: 'track',
      eventName: 'Visit',
      userId: 'patient-1',
      payload,
      timestamp: new Date(),
    },
  });
  const delivery = await prisma.delivery.create({
    data: {
      workspaceId: ctx.workspace.id,
      eventId: event.id,
      destinationId: destination.id,
      status: 'delivered',
      payload,
    },
  });
  fx = {
    workspaceId: ctx.workspace.id,
    sourceId: source.id,
    destinationId: destination.id,
    fieldId: field.id,
    eventId: event.id,
    deliveryId: delivery.id,
  };
  const sid = await createSession(ctx.user.id, testMeta, true);
  const jwt = await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET as string });
  cookie = `next-auth.session-token=${jwt}`;
  request.cookies = { 'next-auth.session-token': jwt };
});

/** The URL and params of a registry route, with each [segment] filled from the fixture. */
function fill(r: Read): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const url = r.route.replace(/\[(\w+)\]/g, (_m, name: string) => {
    const value = (fx as unknown as Record<string, string>)[name];
    if (!value) throw new Error(`no fixture for [${name}] in ${r.key}`);
    params[name] = value;
    return value;
  });
  return { url, params };
}

/** Runs `call` and checks it wrote exactly one audit row, of `event` (session activity is not audited). */
async function expectOneRow(event: AuditEventType, call: () => Promise<void>): Promise<void> {
  const count = () => db.current.prisma.auditLog.count({ where: { workspaceId: fx.workspaceId, eventType: event } });
  const total = () => db.current.prisma.auditLog.count({ where: { workspaceId: fx.workspaceId } });
  const before = await count();
  const beforeTotal = await total();
  await call();
  expect(await count()).toBe(before + 1);
  expect(await total()).toBe(beforeTotal + 1);
}

describe('every PHI-bearing read writes exactly one row of its event', () => {
  it('finds the PHI-bearing reads, with a probe for every API route', () => {
    expect(routeReads.length).toBeGreaterThan(0);
    expect(pageReads.length).toBeGreaterThan(0);
    expect(routeReads.map((r) => r.key).filter((k) => !PROBES[k])).toEqual([]);
  });

  it.each(routeReads)('$key -> $event', async (r) => {
    const probe = PROBES[r.key]!(fx);
    const { url, params } = fill(r);
    await expectOneRow(r.event, async () => {
      const req = new NextRequest(`http://localhost${url}`, {
        method: r.method,
        headers: { cookie, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json' },
        ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
      });
      const res = await r.handler(req, { params: Promise.resolve(params) });
      expect(res.status, `${r.key}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
      await res.arrayBuffer();
    });
  });

  it.each(pageReads)('$key -> $event', async (r) => {
    const { params } = fill(r);
    await expectOneRow(r.event, async () => {
      const element = await r.page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
      expect(isValidElement(element), `${r.key} renders`).toBe(true);
    });
  });
});
