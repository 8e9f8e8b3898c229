// Walks the PHI registry: every PHI-bearing read route, called once as the owner,
// must answer 200 and write exactly one audit row of its declared event type.
// (PHI-bearing pages render on the server through the same audited functions.)
import path from 'node:path';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { ctxFor, testMeta } from '@/tests/support/ctx';
import { seedDemo } from '@/lib/server/seed/demo';
import { createSession } from '@/lib/server/sessions/sessions';
import { createDestination } from '@/lib/server/destinations/changes';
import { PHI_REGISTRY } from '@/tests/support/audit-registry';

const db = useServerDb();
const OWNER = 'owner@sunshine-health.example';
const APP = path.resolve(__dirname, '../../app');

interface Fixture { workspaceId: string; sourceId: string; destinationId: string; fieldId: string; eventId: string; deliveryId: string }
interface Probe { body?: unknown }
type Handler = (req: NextRequest, args: { params: Promise<Record<string, string>> }) => Promise<Response>;

// How to call each PHI-bearing read. A new phi-read route needs a probe here.
const PROBES: Record<string, (f: Fixture) => Probe> = {
  'GET /api/workspaces/[workspaceId]/audit': () => ({}),
  'GET /api/workspaces/[workspaceId]/audit/export': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/encryption': () => ({}),
  'POST /api/workspaces/[workspaceId]/destinations/[destinationId]/preview': () => ({ body: { event: { type: 'track', event: 'Visit', properties: { email: 'p@example.test' } } } }),
  'POST /api/workspaces/[workspaceId]/privacy/samples': (f) => ({ body: { fieldIds: [f.fieldId] } }),
  'GET /api/workspaces/[workspaceId]/privacy/inventory/export': () => ({}),
  'GET /api/workspaces/[workspaceId]/destinations/[destinationId]/delivery/[deliveryId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]': () => ({}),
  'GET /api/workspaces/[workspaceId]/sources/[sourceId]/debugger/[eventId]/raw': () => ({}),
};

const reads = Object.entries(PHI_REGISTRY).flatMap(([key, e]) => (e.kind === 'phi-read' && !key.startsWith('PAGE ') ? [{ key, event: e.event }] : []));
let fx: Fixture;
let cookie: string;

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_registry_reads' });
  const ctx = await ctxFor(OWNER, 'sunshine-health');
  const prisma = db.current.prisma;
  const source = await prisma.source.findFirstOrThrow({ where: { workspaceId: ctx.workspace.id } });
  const destination = await createDestination(ctx, { catalogId: 'webhook', sourceId: source.id, name: 'Registry probe', settings: { url: 'https://hooks.example.com/in', sharedSecret: 'registry-probe-secret' }, enabled: false });
  const field = await prisma.observedField.create({ data: { workspaceId: ctx.workspace.id, keyPath: 'properties.email', normalizedKey: 'email' } });
  const payload = { type: 'track', event: 'Visit', userId: 'patient-1', messageId: 'registry-probe', properties: { email: 'p@example.test' } };
  const event = await prisma.event.create({ data: { workspaceId: ctx.workspace.id, sourceId: source.id, messageId: 'registry-probe', type: 'track', eventName: 'Visit', userId: 'patient-1', payload, timestamp: new Date() } });
  const delivery = await prisma.delivery.create({ data: { workspaceId: ctx.workspace.id, eventId: event.id, destinationId: destination.id, status: 'delivered', payload } });
  fx = { workspaceId: ctx.workspace.id, sourceId: source.id, destinationId: destination.id, fieldId: field.id, eventId: event.id, deliveryId: delivery.id };
  const sid = await createSession(ctx.user.id, testMeta, true);
  cookie = `next-auth.session-token=${await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET as string })}`;
});

describe('every PHI-bearing read writes exactly one row of its event', () => {
  it('has a probe for every phi-read route', () => {
    expect(reads.map((r) => r.key).filter((k) => !PROBES[k])).toEqual([]);
  });

  it.each(reads)('$key -> $event', async ({ key, event }) => {
    const [method, route] = key.split(' ') as [string, string];
    const probe = PROBES[key]!(fx);
    const params: Record<string, string> = {};
    const url = route.replace(/\[(\w+)\]/g, (_m, name: string) => {
      const value = (fx as unknown as Record<string, string>)[name];
      if (!value) throw new Error(`no fixture for [${name}] in ${key}`);
      params[name] = value;
      return value;
    });
    const mod = (await import(path.join(APP, route.replace(/^\//, ''), 'route.ts'))) as Record<string, Handler>;
    const handler = mod[method];
    expect(handler, `${key} exports ${method}`).toBeTypeOf('function');
    const count = () => db.current.prisma.auditLog.count({ where: { workspaceId: fx.workspaceId, eventType: event } });
    const total = () => db.current.prisma.auditLog.count({ where: { workspaceId: fx.workspaceId } });
    const before = await count();
    const beforeTotal = await total();
    const req = new NextRequest(`http://localhost${url}`, {
      method,
      headers: { cookie, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json' },
      ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
    });
    const res = await handler!(req, { params: Promise.resolve(params) });
    expect(res.status, `${key}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
    await res.arrayBuffer();
    expect(await count()).toBe(before + 1);
    // Exactly one row in all: the read writes nothing else (session activity is not audited).
    expect(await total()).toBe(beforeTotal + 1);
  });
});
